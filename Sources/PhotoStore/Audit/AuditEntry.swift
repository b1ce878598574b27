import Foundation

/// One access to a photo or an identity, as the caller describes it before it is chained:
/// who (actor, role, department), whose (person, photo), why (matter, grant, purpose),
/// what happened (action, outcome), from where (IP) and when.
public struct AuditEntry: Codable, Sendable, Equatable {
    public enum ActorKind: String, Codable, Sendable, CaseIterable {
        case citizen
        case staff
        case departmentUser = "department-user"
        case system
    }

    public var at: Date
    public var actorKind: ActorKind
    /// Staff or person id, or the API key id of a department system.
    public var actorID: String
    public var actorName: String?
    public var role: String?
    public var departmentCode: String?
    public var personID: UUID?
    public var photoID: UUID?
    public var matterCode: String?
    public var grantID: UUID?
    /// What was done, e.g. `photo.view`, `person.status`, `grant.redeem` (see `AuditAction`).
    public var action: String
    public var purpose: String?
    /// `allowed`, or the refusal's error code (`expired`, `forbidden`, …).
    public var outcome: String
    public var ip: String?
    public var detail: String?

    public init(at: Date = Date(), actorKind: ActorKind, actorID: String, actorName: String? = nil, role: String? = nil,
                departmentCode: String? = nil, personID: UUID? = nil, photoID: UUID? = nil, matterCode: String? = nil,
                grantID: UUID? = nil, action: String, purpose: String? = nil, outcome: String = AuditEntry.allowed,
                ip: String? = nil, detail: String? = nil) {
        self.at = at
        self.actorKind = actorKind
        self.actorID = actorID
        self.actorName = actorName
        self.role = role
        self.departmentCode = departmentCode
        self.personID = personID
        self.photoID = photoID
        self.matterCode = matterCode
        self.grantID = grantID
        self.action = action
        self.purpose = purpose
        self.outcome = outcome
        self.ip = ip
        self.detail = detail
    }

    public static let allowed = "allowed"

    /// As synthesised, but the ids written with `UUID.text()` (the same strings, without
    /// `uuidString`'s formatted printing): every audited access is encoded into the spool.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at, forKey: .at)
        try c.encode(actorKind, forKey: .actorKind)
        try c.encode(actorID, forKey: .actorID)
        try c.encodeIfPresent(actorName, forKey: .actorName)
        try c.encodeIfPresent(role, forKey: .role)
        try c.encodeIfPresent(departmentCode, forKey: .departmentCode)
        try c.encodeIfPresent(personID?.text(), forKey: .personID)
        try c.encodeIfPresent(photoID?.text(), forKey: .photoID)
        try c.encodeIfPresent(matterCode, forKey: .matterCode)
        try c.encodeIfPresent(grantID?.text(), forKey: .grantID)
        try c.encode(action, forKey: .action)
        try c.encodeIfPresent(purpose, forKey: .purpose)
        try c.encode(outcome, forKey: .outcome)
        try c.encodeIfPresent(ip, forKey: .ip)
        try c.encodeIfPresent(detail, forKey: .detail)
    }

    /// The same entry with another outcome (a refusal's code).
    public func refused(_ code: String) -> AuditEntry {
        var copy = self
        copy.outcome = code
        return copy
    }
}

/// The actions the audit log records; one vocabulary so the log can be searched and told
/// to a citizen in plain words.
public enum AuditAction {
    public static let photoView = "photo.view"
    public static let personStatus = "person.status"
    public static let personHistory = "person.history"
    public static let captureView = "capture.view"
    public static let citizenSignIn = "citizen.sign-in"
    public static let myPhotosView = "me.view"
    public static let familyView = "family.view"
    public static let grantCreate = "grant.create"
    public static let grantRevoke = "grant.revoke"
    public static let grantRedeem = "grant.redeem"
    public static let systemFetch = "system.fetch"
    public static let familyLink = "family.link"
    public static let auditSearch = "audit.search"
}
