import FluentKit
import Foundation

/// A photo site: a service window, a self-service kiosk or a mobile team.
public final class Site: Model, @unchecked Sendable {
    public static let schema = "sites"

    /// `online`: the node's own "site" for citizens' phone self-captures (no counter, no staff).
    public enum Kind: String, Codable, CaseIterable, Sendable { case window, kiosk, mobile, online }

    @ID(key: .id) public var id: UUID?
    /// Short stable code used by devices, staff and the API ("DH-W03").
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: Kind
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(code: String, name: String, kind: Kind, latitude: Double? = nil, longitude: Double? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.latitude = latitude
        self.longitude = longitude
        active = true
    }
}
