import Fluent
import PhotoStore
import Vapor

/// The citizen's side of family links: the list of links that name them, and approving or
/// declining a relative link that waits for them.
enum FamilyAlbum {
    struct Member: Content {
        var personId: UUID
        var name: String
        var identityMasked: String
    }

    struct Link: Content {
        var linkId: UUID
        var kind: String
        var relationship: String
        /// What the other person is to the citizen ("子女 child", "父母 parent", or the relationship).
        var memberRole: AccessStory.Words
        /// The other person.
        var member: Member
        /// Whether the citizen sees the member's photos through this link (now).
        var canView: Bool
        /// `active`, `pending` (waiting for someone's approval), `ended` or `revoked`.
        var state: String
        /// True when the citizen is the one to approve it.
        var awaitsMyApproval: Bool
        var startsAt: Date
        var endsAt: Date?
        var evidence: String
        var createdBy: String
        /// Where the member's photos are (when `canView`).
        var href: String?
    }

    struct Listing: Content {
        var links: [Link]
    }

    static func list(_ request: Request) async throws -> Response {
        let citizen = try request.requireCitizen()
        let now = request.application.clock.now()
        let links = try await FamilyRegistry.links(of: citizen.personID, on: request.db)
        let views = try links.map { link -> Link in
            let other: Person = link.$person.id == citizen.personID ? link.relative : link.person
            let otherID = try other.requireID()
            let canView = link.isLive(at: now) && link.lets(citizen.personID, see: otherID)
            let state = link.status == .revoked ? "revoked" : link.hasEnded(at: now) ? "ended" : link.status.rawValue
            let role: AccessStory.Words = switch (link.kind, link.$person.id == citizen.personID) {
            case (.guardian, true): AccessStory.Words(zh: "子女", en: "child")
            case (.guardian, false): AccessStory.Words(zh: "父母（监护人）", en: "parent (guardian)")
            case (.relative, _): AccessStory.Words(zh: link.relationship, en: "relative")
            }
            return Link(linkId: try link.requireID(), kind: link.kind.rawValue, relationship: link.relationship, memberRole: role,
                        member: Member(personId: otherID, name: other.name, identityMasked: other.identityMasked), canView: canView, state: state,
                        awaitsMyApproval: link.status == .pending && link.$relative.id == citizen.personID && !link.hasEnded(at: now),
                        startsAt: link.startsAt, endsAt: link.endsAt, evidence: link.evidence,
                        createdBy: link.createdByKind == "import" ? "户籍登记导入 household registry" : "拍照点管理员 photo site admin",
                        href: canView ? "/api/v1/me/family/\(otherID.uuidString)" : nil)
        }
        return try await APIResponse.json(Listing(links: views))
    }

    /// The relative approves (or declines) a relative link that names them.
    static func answer(_ request: Request, approve: Bool) async throws -> Response {
        let citizen = try request.requireCitizen()
        guard let id = request.parameters.get("linkID", as: UUID.self), let link = try await FamilyLink.find(id, on: request.db),
              link.$person.id == citizen.personID || link.$relative.id == citizen.personID else {
            throw APIError.notFound("family link \(request.parameters.get("linkID") ?? "")")
        }
        let now = request.application.clock.now()
        guard link.status == .pending, !link.hasEnded(at: now) else {
            throw APIError(status: .conflict, code: "family_link_not_pending", message: "this family link is \(link.status.rawValue), not waiting for approval")
        }
        guard link.$relative.id == citizen.personID else {
            throw APIError.forbidden("only the relative named in the link can approve it; it waits for them to sign in to My Photos")
        }
        var entries = [link.$person.id, link.$relative.id].map { personID in
            var entry = request.auditEntry(action: AuditAction.familyLink, personID: personID, purpose: "family album")
            entry.at = now
            entry.detail = "relative link \(id.uuidString) \(approve ? "approved" : "declined") by the relative"
            return entry
        }
        if !approve { entries = entries.map { $0.refused("declined") } }
        let records = entries
        let chain = request.application.auditChain
        try await request.library.transaction(on: request.db) { db in
            if approve {
                link.status = .active
                link.approvedAt = now
            } else {
                link.status = .revoked
                link.revokedAt = now
                link.revokedReason = "declined by the relative"
            }
            try await link.save(on: db)
            try await chain.append(records, on: db)
        }
        return try await list(request)
    }
}
