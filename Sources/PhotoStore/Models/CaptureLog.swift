import FluentKit
import Foundation

/// Every capture attempt, accepted or not, with who, where, when, which device and what
/// came of it. Rows refer to others by id without foreign keys, so a log entry outlives
/// anything it mentions and an attempt with an invalid identity can still be logged.
public final class CaptureLog: Model, @unchecked Sendable {
    public static let schema = "capture_logs"

    public enum Outcome: String, Codable, CaseIterable, Sendable {
        case accepted
        case duplicate
        case qualityFailed = "quality-failed"
        case inputRefused = "input-refused"
        case invalidIdentity = "invalid-identity"
        case identityMismatch = "identity-mismatch"
        case overridden
        case forbidden
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "captured_at") public var capturedAt: Date?
    @OptionalField(key: "capture_id") public var captureID: UUID?
    @OptionalField(key: "person_id") public var personID: UUID?
    @OptionalField(key: "identity_hash") public var identityHash: String?
    @OptionalField(key: "site_code") public var siteCode: String?
    @OptionalField(key: "device_code") public var deviceCode: String?
    @OptionalField(key: "operator_id") public var operatorID: UUID?
    @OptionalField(key: "channel") public var channel: String?
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "outcome") public var outcome: Outcome
    /// Machine code of the reason (quality measure, refusal code) and a sentence for people.
    @OptionalField(key: "reason_code") public var reasonCode: String?
    @OptionalField(key: "detail") public var detail: String?

    public init() {}
}
