import FluentKit
import Foundation

/// A citizen signed in through an identity provider (the government platform over OpenID
/// Connect, or the development provider in demos). Only the token's SHA-256 is stored.
public final class CitizenSession: Model, @unchecked Sendable {
    public static let schema = "citizen_sessions"
    /// Citizen tokens carry this prefix so a request is checked against one table only.
    public static let tokenPrefix = "cit_"

    public enum Provider: String, Codable, Sendable {
        case development
        case openIDConnect = "oidc"
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: Person
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "provider") public var provider: Provider
    @Field(key: "expires_at") public var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(personID: UUID, tokenHash: String, provider: Provider, expiresAt: Date) {
        $person.id = personID
        self.tokenHash = tokenHash
        self.provider = provider
        self.expiresAt = expiresAt
    }
}
