import Fluent
import PhotoStore
import Vapor

/// Family links for site admins and city admins (`/api/v1/family-links`): made after checking
/// documents at a photo site, listed for a person, and ended early when they must be.
/// Every change is audited for both people in the change's transaction.
struct FamilyLinksController: RouteCollection {
    static let roles: Set<Staff.Role> = [.siteAdmin, .cityAdmin]

    func boot(routes: any RoutesBuilder) throws {
        let links = routes.grouped("family-links")
        links.post(use: create)
        links.get(use: list)
        links.delete(":linkID", use: revoke)
    }

    struct IdentityInput: Content {
        var type: String
        var number: String
        var name: String?
    }

    struct CreateInput: Content {
        var kind: String
        var person: IdentityInput
        var relative: IdentityInput
        var relationship: String
        /// The documents checked (household register, birth certificate, …).
        var evidence: String
        /// `YYYY-MM-DD`, only for a child whose document has no birth date.
        var childBirthDate: String?
    }

    struct LinkView: Content {
        var linkId: UUID
        var kind: String
        var status: String
        var relationship: String
        var person: Party
        var relative: Party
        var startsAt: Date
        var endsAt: Date?
        var approvedAt: Date?
        var revokedAt: Date?
        var revokedReason: String?
        var evidence: String
        var createdBy: String

        struct Party: Content {
            var personId: UUID
            var name: String
            var identityMasked: String
        }

        init(_ link: FamilyLink, person: Person, relative: Person) throws {
            linkId = try link.requireID()
            kind = link.kind.rawValue
            status = link.status.rawValue
            relationship = link.relationship
            self.person = Party(personId: try person.requireID(), name: person.name, identityMasked: person.identityMasked)
            self.relative = Party(personId: try relative.requireID(), name: relative.name, identityMasked: relative.identityMasked)
            startsAt = link.startsAt
            endsAt = link.endsAt
            approvedAt = link.approvedAt
            revokedAt = link.revokedAt
            revokedReason = link.revokedReason
            evidence = link.evidence
            createdBy = link.createdByName
        }
    }

    func create(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff(Self.roles)
        let input = try request.content.decode(CreateInput.self)
        guard let kind = FamilyLink.Kind(rawValue: input.kind) else {
            throw APIError.unprocessable("family_kind_unknown", "kind must be guardian (parent ↔ minor child) or relative (adults, who approve it themselves)")
        }
        let person = try identity(input.person, "person")
        let relative = try identity(input.relative, "relative")
        var birth: DateComponents?
        if let text = input.childBirthDate, !text.isEmpty {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
                throw APIError.unprocessable("family_birth_date_malformed", "childBirthDate must be YYYY-MM-DD")
            }
            birth = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        }
        let new = NewFamilyLink(kind: kind, person: person, personName: input.person.name, relative: relative, relativeName: input.relative.name,
                                relationship: input.relationship, evidence: input.evidence, childBirthDate: birth)
        let creator = FamilyLinkCreator(actorKind: .staff, id: staff.id.uuidString, name: staff.username, role: staff.role.rawValue,
                                        ip: request.remoteAddress?.ipAddress)
        let now = request.application.clock.now()
        let library = request.library, chain = request.application.auditChain
        do {
            let view = try await library.transaction(on: request.db) { db in
                let link = try await FamilyRegistry.create(new, by: creator, now: now, identities: library.identities, chain: chain, on: db)
                try await link.$person.load(on: db)
                try await link.$relative.load(on: db)
                return try LinkView(link, person: link.person, relative: link.relative)
            }
            return try await APIResponse.json(view, status: .created)
        } catch let refusal as FamilyLinkRefusal {
            throw APIError(status: refusal == .alreadyLinked ? .conflict : .unprocessableEntity, code: refusal.code, message: refusal.description)
        }
    }

    func identity(_ input: IdentityInput, _ which: String) throws -> IdentityNumber {
        do { return try IdentityNumber(typeName: input.type, number: input.number) } catch {
            throw APIError.unprocessable(error.code, "\(which): \(error.description)")
        }
    }

    struct ListQuery: Content {
        var identityType: String?
        var identityNumber: String?
    }

    struct Listing: Content {
        var links: [LinkView]
    }

    /// The links naming one person (an access to that identity, so it is audited).
    func list(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(Self.roles)
        let query = try request.query.decode(ListQuery.self)
        let identity = try identity(IdentityInput(type: query.identityType ?? "", number: query.identityNumber ?? ""), "identity")
        let person = try await request.library.person(identity, on: request.db)
        var entry = request.auditEntry(action: AuditAction.familyLink, personID: person?.id, purpose: "family links: look up")
        entry.detail = "listed family links"
        try await request.recordAccess(entry)
        guard let personID = person?.id else { return try await APIResponse.json(Listing(links: [])) }
        let links = try await FamilyRegistry.links(of: personID, on: request.db)
        return try await APIResponse.json(Listing(links: try links.map { try LinkView($0, person: $0.person, relative: $0.relative) }))
    }

    /// Ends a link now (`?reason=`), e.g. a court decision; the link stays on record.
    func revoke(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff(Self.roles)
        guard let id = request.parameters.get("linkID", as: UUID.self), let link = try await FamilyLink.find(id, on: request.db) else {
            throw APIError.notFound("family link \(request.parameters.get("linkID") ?? "")")
        }
        let reason = (request.query[String.self, at: "reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(reason.count) else {
            throw APIError.unprocessable("family_reason_missing", "say why the link ends (?reason=…, 1–200 characters)")
        }
        let now = request.application.clock.now()
        guard !link.hasEnded(at: now) else {
            throw APIError(status: .conflict, code: "family_link_ended", message: "this family link has already ended")
        }
        let entries = [link.$person.id, link.$relative.id].map { personID in
            var entry = request.auditEntry(action: AuditAction.familyLink, personID: personID, purpose: "family album")
            entry.at = now
            entry.detail = "family link \(id.uuidString) revoked by \(staff.role.rawValue): \(reason)"
            return entry
        }
        let chain = request.application.auditChain
        let view = try await request.library.transaction(on: request.db) { db in
            link.status = .revoked
            link.revokedAt = now
            link.revokedReason = reason
            try await link.save(on: db)
            try await chain.append(entries, on: db)
            try await link.$person.load(on: db)
            try await link.$relative.load(on: db)
            return try LinkView(link, person: link.person, relative: link.relative)
        }
        return try await APIResponse.json(view)
    }
}
