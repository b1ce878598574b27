import FluentKit
import Foundation

/// A family link to be made: two identities, how they are related and what proved it.
public struct NewFamilyLink: Sendable {
    public var kind: FamilyLink.Kind
    public var person: IdentityNumber
    public var personName: String?
    public var relative: IdentityNumber
    public var relativeName: String?
    public var relationship: String
    public var evidence: String
    /// The child's birth date when the child's document does not encode it (passports,
    /// old permits); resident ID numbers carry it.
    public var childBirthDate: DateComponents?

    public init(kind: FamilyLink.Kind, person: IdentityNumber, personName: String?, relative: IdentityNumber, relativeName: String?,
                relationship: String, evidence: String, childBirthDate: DateComponents? = nil) {
        self.kind = kind
        self.person = person
        self.personName = personName
        self.relative = relative
        self.relativeName = relativeName
        self.relationship = relationship
        self.evidence = evidence
        self.childBirthDate = childBirthDate
    }
}

/// Who made a link, for the link itself and its audit records.
public struct FamilyLinkCreator: Sendable {
    public var actorKind: AuditEntry.ActorKind
    public var id: String?
    public var name: String
    public var role: String?
    public var ip: String?

    public init(actorKind: AuditEntry.ActorKind, id: String?, name: String, role: String?, ip: String? = nil) {
        self.actorKind = actorKind
        self.id = id
        self.name = name
        self.role = role
        self.ip = ip
    }
}

/// Why a family link cannot be made, in words the site admin (or the registry clerk) can act on.
public enum FamilyLinkRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case samePerson
    case missingRelationship
    case missingEvidence
    case noBirthDate
    case notAMinor(birthday18: String)
    case unknownPerson(String)
    case alreadyLinked

    public var code: String {
        switch self {
        case .samePerson: "family_same_person"
        case .missingRelationship: "family_relationship_missing"
        case .missingEvidence: "family_evidence_missing"
        case .noBirthDate: "family_birth_date_missing"
        case .notAMinor: "family_not_a_minor"
        case .unknownPerson: "family_name_missing"
        case .alreadyLinked: "family_already_linked"
        }
    }

    public var description: String {
        switch self {
        case .samePerson: "a person cannot be linked to themselves"
        case .missingRelationship: "say how they are related (e.g. 母亲 mother, 配偶 spouse), 1–32 characters"
        case .missingEvidence: "name the documents checked (e.g. 户口簿 household register, 出生医学证明 birth certificate), 1–200 characters"
        case .noBirthDate: "a guardian link ends on the child's 18th birthday: the child's document does not give a birth date, so give childBirthDate"
        case let .notAMinor(birthday): "the child turned 18 on \(birthday): adults link as relatives (kind relative), which they approve themselves"
        case let .unknownPerson(which): "the library has no \(which) with this identity number yet: give their name so they can be registered"
        case .alreadyLinked: "these two people already have a live or pending link of this kind"
        }
    }
}

/// Makes, finds and ends family links. Callers run these inside the library's write
/// transaction; every change is audited in that same transaction.
public enum FamilyRegistry {
    /// Midnight (China time) of the day the person born on `birth` turns 18.
    public static func eighteenthBirthday(of birth: DateComponents) -> Date? {
        let calendar = CityTime.calendar
        guard let year = birth.year, let month = birth.month, let day = birth.day else { return nil }
        // Born on 29 February: the birthday is 1 March in common years.
        var components = DateComponents(year: year + 18, month: month, day: day)
        if month == 2, day == 29, calendar.range(of: .day, in: .month, for: calendar.date(from: DateComponents(year: year + 18, month: 2))!)?.count == 28 {
            components = DateComponents(year: year + 18, month: 3, day: 1)
        }
        return calendar.date(from: components)
    }

    /// Checks what can be checked without the database; returns the link's end.
    public static func validate(_ new: NewFamilyLink, now: Date) throws(FamilyLinkRefusal) -> Date? {
        if new.person == new.relative { throw .samePerson }
        let relationship = new.relationship.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...32).contains(relationship.count) else { throw .missingRelationship }
        let evidence = new.evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(evidence.count) else { throw .missingEvidence }
        guard new.kind == .guardian else { return nil }
        guard let birth = new.childBirthDate ?? new.relative.birthDate, let end = eighteenthBirthday(of: birth) else { throw .noBirthDate }
        guard end > now else { throw .notAMinor(birthday18: CityTime.day(end)) }
        return end
    }

    /// Makes a link (guardian links are active at once, relative links wait for the
    /// relative's approval), registering either person the library does not know yet, and
    /// appends an audit record for each of the two people.
    public static func create(_ new: NewFamilyLink, by creator: FamilyLinkCreator, now: Date, identities: IdentityProtector,
                              chain: AuditChain, on db: any Database) async throws -> FamilyLink {
        let endsAt = try validate(new, now: now)
        let person = try await findOrRegister(new.person, name: new.personName, which: new.kind == .guardian ? "parent" : "person",
                                              identities: identities, on: db)
        let relative = try await findOrRegister(new.relative, name: new.relativeName, which: new.kind == .guardian ? "child" : "relative",
                                                identities: identities, on: db)
        let personID = try person.requireID(), relativeID = try relative.requireID()
        let existing = try await links(between: personID, and: relativeID, on: db)
        if existing.contains(where: { $0.kind == new.kind && !$0.hasEnded(at: now) }) { throw FamilyLinkRefusal.alreadyLinked }
        let link = FamilyLink()
        link.kind = new.kind
        link.$person.id = personID
        link.$relative.id = relativeID
        link.relationship = new.relationship.trimmingCharacters(in: .whitespacesAndNewlines)
        link.status = new.kind == .guardian ? .active : .pending
        link.startsAt = now
        link.endsAt = endsAt
        link.createdByKind = creator.actorKind == .system ? "import" : creator.actorKind.rawValue
        link.createdByID = creator.id
        link.createdByName = creator.name
        link.evidence = new.evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        try await link.create(on: db)
        let what = new.kind == .guardian
            ? "guardian link (\(link.relationship)) made, ends \(endsAt.map(CityTime.day) ?? "-"); evidence: \(link.evidence)"
            : "relative link (\(link.relationship)) made, waiting for the relative's approval; evidence: \(link.evidence)"
        try await chain.append([personID, relativeID].map {
            AuditEntry(at: now, actorKind: creator.actorKind, actorID: creator.id ?? creator.name, actorName: creator.name, role: creator.role,
                       personID: $0, action: AuditAction.familyLink, purpose: "family album", ip: creator.ip,
                       detail: "\(what) [link \(try! link.requireID().uuidString)]")
        }, on: db)
        return link
    }

    /// The person with `identity`, registered with `name` when the library does not know them.
    public static func findOrRegister(_ identity: IdentityNumber, name: String?, which: String, identities: IdentityProtector,
                               on db: any Database) async throws -> Person {
        if let found = try await Person.query(on: db).filter(\.$identityHash == identities.lookupHash(identity)).first() { return found }
        guard let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), (1...64).contains(name.count) else {
            throw FamilyLinkRefusal.unknownPerson(which)
        }
        let person = try Person(identity: identity, name: name, protector: identities)
        try await person.create(on: db)
        return person
    }

    /// Every link between the two people, either way round.
    public static func links(between a: UUID, and b: UUID, on db: any Database) async throws -> [FamilyLink] {
        try await FamilyLink.query(on: db).group(.or) { either in
            either.group(.and) { $0.filter(\.$person.$id == a).filter(\.$relative.$id == b) }
            either.group(.and) { $0.filter(\.$person.$id == b).filter(\.$relative.$id == a) }
        }.all()
    }

    /// Every link that names `personID`, with both people loaded.
    public static func links(of personID: UUID, on db: any Database) async throws -> [FamilyLink] {
        try await FamilyLink.query(on: db).group(.or) { $0.filter(\.$person.$id == personID).filter(\.$relative.$id == personID) }
            .with(\.$person).with(\.$relative).sort(\.$createdAt, .descending).all()
    }

    /// Whether `viewer` may see `member`'s photos at `now`.
    public enum Access: Sendable {
        case allowed(FamilyLink)
        /// A link that would allow it has ended (the child turned 18, or it was revoked).
        case ended(FamilyLink)
        /// A relative link still waiting for approval.
        case pending(FamilyLink)
        /// No link at all.
        case none
    }

    public static func access(of viewer: UUID, to member: UUID, at now: Date, on db: any Database) async throws -> Access {
        let relevant = try await links(between: viewer, and: member, on: db).filter { $0.lets(viewer, see: member) }
        if let live = relevant.first(where: { $0.isLive(at: now) }) { return .allowed(live) }
        if let pending = relevant.first(where: { $0.status == .pending && !$0.hasEnded(at: now) }) { return .pending(pending) }
        if let ended = relevant.max(by: { ($0.endsAt ?? $0.revokedAt ?? .distantPast) < ($1.endsAt ?? $1.revokedAt ?? .distantPast) }) {
            return .ended(ended)
        }
        return .none
    }
}
