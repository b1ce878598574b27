import FluentKit
import Foundation

/// A camera, kiosk or phone-capture endpoint registered at a site.
public final class Device: Model, @unchecked Sendable {
    public static let schema = "devices"

    public enum Kind: String, Codable, CaseIterable, Sendable { case camera, kiosk, tablet, phone }

    @ID(key: .id) public var id: UUID?
    /// The device's own identifier as it reports it (serial or asset tag); unique.
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: Kind
    @Parent(key: "site_id") public var site: Site
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(code: String, name: String, kind: Kind, siteID: UUID) {
        self.code = code
        self.name = name
        self.kind = kind
        $site.id = siteID
        active = true
    }
}
