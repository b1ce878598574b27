import FluentKit
import Foundation

/// A bearer token issued at sign-in. Only its SHA-256 is stored, so a copy of the database
/// gives no working tokens.
public final class StaffToken: Model, @unchecked Sendable {
    public static let schema = "staff_tokens"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "staff_id") public var staff: Staff
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(staffID: UUID, tokenHash: String, expiresAt: Date) {
        $staff.id = staffID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
