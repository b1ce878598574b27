import FluentKit
import Foundation

/// A citizen's consent for one matter: a short code the department redeems, bound to the
/// policy version in force when it was made, with its own expiry and use count (copied from
/// that version, so a later policy cannot lengthen or multiply it).
public final class Grant: Model, @unchecked Sendable {
    public static let schema = "grants"

    /// What the citizen and the department see. `expired` is derived from the clock.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case active, used, expired, revoked
    }

    /// Stored state: a grant becomes used or revoked; expiry is a matter of time.
    public enum State: String, Codable, Sendable {
        case active, used, revoked
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: Person
    @Parent(key: "matter_id") public var matter: Matter
    @Parent(key: "policy_id") public var policy: MatterPolicy
    /// Keyed hash of the normalised code (`GrantCodes.lookupHash`); the code is never stored.
    @Field(key: "code_hash") public var codeHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @Field(key: "max_uses") public var maxUses: Int
    @Field(key: "uses") public var uses: Int
    @Field(key: "state") public var state: State
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(personID: UUID, matterID: UUID, policyID: UUID, codeHash: String, expiresAt: Date, maxUses: Int) {
        $person.id = personID
        $matter.id = matterID
        $policy.id = policyID
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.maxUses = maxUses
        uses = 0
        state = .active
    }

    public func status(at now: Date = Date()) -> Status {
        switch state {
        case .revoked: .revoked
        case .used: .used
        case .active: now >= expiresAt ? .expired : .active
        }
    }
}
