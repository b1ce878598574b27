import FluentKit
import Foundation

/// An API key of a department's system: a public key id and a secret (sealed with the
/// library's key, since the server needs it back to check HMAC signatures).
public final class DepartmentCredential: Model, @unchecked Sendable {
    public static let schema = "department_credentials"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "department_id") public var department: Department
    @Field(key: "key_id") public var keyID: String
    /// AES-GCM sealed secret, base64.
    @Field(key: "secret_sealed") public var secretSealed: String
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(departmentID: UUID, keyID: String, secretSealed: String) {
        $department.id = departmentID
        self.keyID = keyID
        self.secretSealed = secretSealed
        active = true
    }
}

/// A signature already accepted, kept while its timestamp is inside the window so the same
/// signed request cannot be replayed.
public final class SeenSignature: Model, @unchecked Sendable {
    public static let schema = "seen_signatures"

    @ID(key: .id) public var id: UUID?
    /// SHA-256 of key id and signature; unique, so a replay racing the original loses.
    @Field(key: "digest") public var digest: String
    @Field(key: "expires_at") public var expiresAt: Date

    public init() {}

    public init(digest: String, expiresAt: Date) {
        self.digest = digest
        self.expiresAt = expiresAt
    }
}
