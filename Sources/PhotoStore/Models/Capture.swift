import FluentKit
import Foundation

/// One accepted master and the standard photos made from it, with who, where, when and how.
public final class Capture: Model, @unchecked Sendable {
    public static let schema = "captures"

    public enum Channel: String, Codable, CaseIterable, Sendable { case window, kiosk, mobile, phone }
    public enum Status: String, Codable, CaseIterable, Sendable {
        /// The person's current photos.
        case accepted
        /// Withdrawn after acceptance (wrong person, complaint); never served as current.
        case rejected
        /// Replaced by a later accepted capture.
        case superseded
    }

    /// The id is the client's when it sends one, so a capture uploaded twice (a mobile team's
    /// queue after a dropped connection) is stored once.
    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: Person
    @Parent(key: "site_id") public var site: Site
    @OptionalParent(key: "device_id") public var device: Device?
    @OptionalParent(key: "operator_id") public var `operator`: Staff?
    @Field(key: "channel") public var channel: Channel
    @Field(key: "captured_at") public var capturedAt: Date
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "status") public var status: Status
    @Field(key: "quality_verdict") public var qualityVerdict: String
    /// The whole quality report as JSON (catalog version included).
    @Field(key: "quality_report") public var qualityReport: String
    /// Face descriptor, sealed like a blob, for the "same person as before" check.
    @OptionalField(key: "descriptor_sealed") public var descriptorSealed: String?
    @OptionalField(key: "override_reason") public var overrideReason: String?
    @OptionalParent(key: "override_by_id") public var overrideBy: Staff?
    @OptionalField(key: "superseded_at") public var supersededAt: Date?
    @Children(for: \.$capture) public var photos: [Photo]
    @Timestamp(key: "received_at", on: .create) public var receivedAt: Date?

    public init() {}
}
