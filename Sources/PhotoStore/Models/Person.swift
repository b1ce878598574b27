import FluentKit
import Foundation

/// Someone photographed. The identity number is stored sealed (AES-GCM) and found through
/// its keyed hash; the plaintext never reaches the database.
public final class Person: Model, @unchecked Sendable {
    public static let schema = "persons"

    @ID(key: .id) public var id: UUID?
    @Field(key: "identity_type") public var identityType: IdentityType
    /// HMAC-SHA256 of type and number (`IdentityProtector.lookupHash`); unique.
    @Field(key: "identity_hash") public var identityHash: String
    @Field(key: "identity_sealed") public var identitySealed: String
    /// Masked number ("3302****1234") for lists that must not decrypt.
    @Field(key: "identity_masked") public var identityMasked: String
    @Field(key: "name") public var name: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(identity: IdentityNumber, name: String, protector: IdentityProtector) throws {
        identityType = identity.type
        identityHash = protector.lookupHash(identity)
        identitySealed = try protector.seal(identity)
        identityMasked = identity.masked
        self.name = name
    }
}
