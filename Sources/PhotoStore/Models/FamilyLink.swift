import FluentKit
import Foundation

/// A family link that lets one citizen see another's photos in My Photos. Two kinds:
/// a guardian link (a parent sees a minor child's photos until the child turns 18, when the
/// link ends by itself) and a relative link between adults (both see each other's photos
/// once the relative has approved it). Links are made by a site admin after checking
/// documents, or imported from the household registry; they are ended, never deleted, so
/// the audit trail keeps its meaning.
public final class FamilyLink: Model, @unchecked Sendable {
    public static let schema = "family_links"

    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Parent (or legal guardian) ↔ minor child: the parent sees the child.
        case guardian
        /// Adult relatives: each sees the other, after the relative approves.
        case relative
    }

    public enum Status: String, Codable, CaseIterable, Sendable {
        /// Waiting for the relative's approval (relative links only).
        case pending
        case active
        /// Ended early by a site admin (or declined by the relative).
        case revoked
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: Kind
    /// The parent (guardian link) or the adult who asked for the link (relative link).
    @Parent(key: "person_id") public var person: Person
    /// The child (guardian link) or the adult relative who approves (relative link).
    @Parent(key: "relative_id") public var relative: Person
    /// How they are related, in the registry's words ("母亲 mother", "配偶 spouse").
    @Field(key: "relationship") public var relationship: String
    @Field(key: "status") public var status: Status
    @Field(key: "starts_at") public var startsAt: Date
    /// A guardian link ends on the child's 18th birthday; a relative link has no end.
    @OptionalField(key: "ends_at") public var endsAt: Date?
    @OptionalField(key: "approved_at") public var approvedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "revoked_reason") public var revokedReason: String?
    /// Who made the link: `staff` (with id and username) or `import` (the registry file).
    @Field(key: "created_by_kind") public var createdByKind: String
    @OptionalField(key: "created_by_id") public var createdByID: String?
    @Field(key: "created_by_name") public var createdByName: String
    /// What was checked: "户口簿 household register 3309…", "出生医学证明 birth certificate".
    @Field(key: "evidence") public var evidence: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    /// Whether the link lets someone see photos at `now`: active, started, not ended.
    public func isLive(at now: Date) -> Bool {
        status == .active && startsAt <= now && !(endsAt.map { now >= $0 } ?? false)
    }

    /// Whether the link is over for good at `now` (revoked, or past its end).
    public func hasEnded(at now: Date) -> Bool {
        status == .revoked || (endsAt.map { now >= $0 } ?? false)
    }

    /// Whether `viewer` may see `member`'s photos through this link (ignoring time and status).
    public func lets(_ viewer: UUID, see member: UUID) -> Bool {
        switch kind {
        case .guardian: $person.id == viewer && $relative.id == member
        case .relative: ($person.id == viewer && $relative.id == member) || ($person.id == member && $relative.id == viewer)
        }
    }
}
