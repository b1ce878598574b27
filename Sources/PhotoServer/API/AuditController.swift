import Fluent
import PhotoStore
import Vapor

/// The audit log for auditors and city admins: search (newest first, paged by sequence
/// number) and a check of the whole chain. A search by identity number is itself an access
/// to that identity and is recorded.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let audit = routes.grouped("audit")
        audit.get(use: search)
        audit.get("verify", use: verify)
    }

    struct Query: Content {
        var identityType: String?
        var identityNumber: String?
        var actor: String?
        var action: String?
        var outcome: String?
        var from: Date?
        var to: Date?
        /// Only records with a smaller sequence number (the next page).
        var before: Int?
        var limit: Int?
    }

    struct Record: Content {
        var seq: Int
        var at: Date
        var actorKind: String
        var actorId: String
        var actorName: String?
        var role: String?
        var departmentCode: String?
        var personId: UUID?
        var photoId: UUID?
        var matterCode: String?
        var grantId: UUID?
        var action: String
        var purpose: String?
        var outcome: String
        var ip: String?
        var detail: String?
        var hash: String

        init(_ record: AuditRecord) {
            seq = record.seq
            at = record.at
            actorKind = record.actorKind
            actorId = record.actorID
            actorName = record.actorName
            role = record.role
            departmentCode = record.departmentCode
            personId = record.personID
            photoId = record.photoID
            matterCode = record.matterCode
            grantId = record.grantID
            action = record.action
            purpose = record.purpose
            outcome = record.outcome
            ip = record.ip
            detail = record.detail
            hash = record.hash
        }
    }

    struct Page: Content {
        var records: [Record]
        /// Pass as `before` for the next (older) page; absent on the last page.
        var nextBefore: Int?
    }

    func search(_ request: Request) async throws -> Response {
        _ = try request.requireStaff([.auditor, .cityAdmin])
        let query = try request.query.decode(Query.self)
        let limit = min(max(query.limit ?? 100, 1), 500)
        var records = AuditRecord.query(on: request.db)
        if query.identityType != nil || query.identityNumber != nil {
            let identity = try IdentityNumber.parsing(type: query.identityType ?? "", number: query.identityNumber ?? "")
            let person = try await request.library.person(identity, on: request.db)
            try await request.recordAccess(request.auditEntry(action: AuditAction.auditSearch, personID: person?.id, purpose: "audit"))
            guard let personID = person?.id else { return try await APIResponse.json(Page(records: [], nextBefore: nil)) }
            records = records.filter(\.$personID == personID)
        }
        if let actor = query.actor, !actor.isEmpty {
            records = records.group(.or) { $0.filter(\.$actorName == actor).filter(\.$actorID == actor) }
        }
        if let action = query.action, !action.isEmpty { records = records.filter(\.$action == action) }
        if let outcome = query.outcome, !outcome.isEmpty { records = records.filter(\.$outcome == outcome) }
        if let from = query.from { records = records.filter(\.$atMilliseconds >= Int(from.timeIntervalSince1970 * 1000)) }
        if let to = query.to { records = records.filter(\.$atMilliseconds < Int(to.timeIntervalSince1970 * 1000)) }
        if let before = query.before { records = records.filter(\.$seq < before) }
        try await request.settleAuditLog()
        let found = try await records.sort(\.$seq, .descending).limit(limit + 1).all()
        let page = found.prefix(limit).map(Record.init)
        return try await APIResponse.json(Page(records: Array(page), nextBefore: found.count > limit ? page.last?.seq : nil))
    }

    func verify(_ request: Request) async throws -> Response {
        _ = try request.requireStaff([.auditor, .cityAdmin])
        try await request.settleAuditLog()
        return try await APIResponse.json(try await request.application.auditChain.verify(on: request.db))
    }
}
