import Fluent
import FluentSQL
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// Redeeming a code, for the portal and for department systems alike: checks, counts the
/// use, packs the photo and writes the audit record in one transaction; a refusal is
/// recorded too (with its code as the outcome) and changes nothing else.
struct GrantRedemption {
    let request: Request

    /// Who redeems: their department, and the audit entry describing them (actor, IP).
    struct Redeemer: Sendable {
        var departmentID: UUID
        var departmentCode: String
        var entry: AuditEntry
    }

    private enum Outcome: Sendable {
        case delivered(SharedPhoto)
        case refused(APIError)
    }

    /// `matterCode`, when given, must be the grant's matter (department systems name it).
    func redeem(code: String, purpose: String?, matterCode: String? = nil, by redeemer: Redeemer) async throws -> SharedPhoto {
        let hash = request.application.sharing.codes.lookupHash(code)
        let wellFormed = GrantCodes.isWellFormed(code)
        let delivery = SharedPhotoDelivery(request: request)
        let chain = request.application.auditChain
        let outcome: Outcome = try await request.library.transaction(on: request.db) { db in
            var entry = redeemer.entry
            entry.action = AuditAction.grantRedeem
            entry.departmentCode = redeemer.departmentCode
            entry.purpose = purpose
            func refuse(_ error: APIError) async throws -> Outcome {
                try await chain.append(entry.refused(error.code), on: db)
                return .refused(error)
            }
            guard wellFormed, let grant = try await Grant.query(on: db).filter(\.$codeHash == hash)
                .with(\.$matter, { $0.with(\.$department) }).with(\.$policy).with(\.$person).first() else {
                return try await refuse(SharingRefusal.unknownCode)
            }
            let matter = grant.matter
            entry.grantID = grant.id
            entry.matterCode = matter.code
            entry.personID = grant.$person.id
            // The department is checked first: another department learns nothing of the grant's state.
            guard matter.$department.id == redeemer.departmentID else { return try await refuse(SharingRefusal.wrongDepartment) }
            if let matterCode, matterCode != matter.code {
                return try await refuse(APIError.forbidden("this code was issued for the matter \(matter.code), not \(matterCode)").renamed("wrong_matter"))
            }
            switch grant.status() {
            case .revoked: return try await refuse(SharingRefusal.revoked)
            case .used: return try await refuse(SharingRefusal.used)
            case .expired: return try await refuse(SharingRefusal.expired)
            case .active: break
            }
            guard matter.active else { return try await refuse(SharingRefusal.matterClosed) }
            // The grant's own policy version decides what is delivered; a later version may
            // only add restrictions (a watermark), never widen it.
            let policy = grant.policy
            let current = try await MatterPolicy.query(on: db).filter(\.$matter.$id == matter.requireID())
                .filter(\.$version == matter.policyVersion).first()
            let watermark = policy.watermark || (current?.watermark ?? false)
            let purpose = purpose.flatMap { $0.isEmpty ? nil : $0 } ?? policy.purpose
            entry.purpose = purpose
            guard let found = try await delivery.photo(of: grant.$person.id, terms: policy.terms, on: db) else {
                return try await refuse(SharingRefusal.noPhoto)
            }
            let (photo, capture) = found
            // One statement takes the use, so two redemptions racing on PostgreSQL (which has
            // no write gate) cannot both take the last one.
            guard let uses = try await Self.takeUse(of: try grant.requireID(), on: db) else { return try await refuse(SharingRefusal.used) }
            grant.uses = uses
            grant.state = uses >= grant.maxUses ? .used : .active
            try await Grant.query(on: db).filter(\.$id == grant.requireID()).set(\.$lastUsedAt, to: Date()).update()
            entry.photoID = photo.id
            let shared = try await delivery.pack(photo, capture: capture, person: grant.person, matter: matter, departmentCode: redeemer.departmentCode,
                                                 policy: policy, watermark: watermark, purpose: purpose, grant: grant)
            try await chain.append(entry, on: db)
            return .delivered(shared)
        }
        switch outcome {
        case let .delivered(photo): return photo
        case let .refused(error): throw error
        }
    }
}

extension GrantRedemption {
    /// Counts one use of an active grant with uses left, marking it used at its last; the
    /// new use count, or nil when another redemption took the last use first.
    static func takeUse(of id: UUID, on db: any Database) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { throw AuditError.notSQL }
        let row = try await sql.raw("""
            UPDATE grants SET uses = uses + 1,
                state = CASE WHEN uses + 1 >= max_uses THEN \(bind: Grant.State.used.rawValue) ELSE state END
            WHERE id = \(bind: id) AND state = \(bind: Grant.State.active.rawValue) AND uses < max_uses
            RETURNING uses
            """).first()
        return try row?.decode(column: "uses", as: Int.self)
    }
}

extension APIError {
    func renamed(_ code: String) -> APIError {
        var copy = self
        copy.code = code
        return copy
    }
}
