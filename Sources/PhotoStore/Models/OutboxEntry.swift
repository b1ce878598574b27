import FluentKit
import Foundation

/// A message to an upstream library (provincial, business libraries), written in the same
/// transaction as the change it reports and drained by the federation worker, so nothing
/// accepted is lost to an upstream that is down.
public final class OutboxEntry: Model, @unchecked Sendable {
    public static let schema = "outbox_entries"

    @ID(key: .id) public var id: UUID?
    /// What happened ("capture.accepted").
    @Field(key: "topic") public var topic: String
    /// Which upstream it is for ("provincial").
    @Field(key: "destination") public var destination: String
    /// The id upstream deduplicates on (the capture id): delivery is at least once.
    @Field(key: "aggregate_id") public var aggregateID: UUID
    @Field(key: "payload") public var payload: String
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(topic: String, destination: String, aggregateID: UUID, payload: String, at: Date) {
        self.topic = topic
        self.destination = destination
        self.aggregateID = aggregateID
        self.payload = payload
        attempts = 0
        nextAttemptAt = at
    }
}
