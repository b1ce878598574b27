import Fluent
import Foundation
import PhotoStore
import Vapor

/// `POST /api/v1/system/photos`: a department's system fetches a photo for one of its
/// matters, signed with its API key (`RequestSignature`), with a purpose, either by the
/// citizen's grant code or, where the matter's policy rests on a legal basis, by identity
/// number. Every call is audited as the system (refusals included).
struct SystemSharingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "system", "photos", body: .collect(maxSize: "64kb"), use: fetch)
    }

    struct IdentityRef: Content {
        var type: String
        var number: String
    }

    struct FetchRequest: Content {
        var matterCode: String
        var purpose: String
        var grantCode: String?
        var identity: IdentityRef?
    }

    func fetch(_ request: Request) async throws -> Response {
        var entry = AuditEntry(actorKind: .system, actorID: request.headers.first(name: RequestSignature.keyHeader) ?? "unsigned",
                               role: "department-system", action: AuditAction.systemFetch, ip: request.remoteAddress?.ipAddress)
        let department: Department
        do {
            department = try await RequestSignature.verify(request).1
        } catch let error as APIError {
            try await request.recordAccess(entry.refused(error.code))
            throw error
        }
        entry.actorName = department.code
        entry.departmentCode = department.code
        // A redemption records its own outcome, refusals included, inside its transaction.
        var recordedByRedemption = false
        do {
            let body = try request.content.decode(FetchRequest.self)
            entry.matterCode = body.matterCode
            let purpose = body.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !purpose.isEmpty else { throw APIError.badRequest("purpose_required", "say what the photo is for in \"purpose\"; it is recorded") }
            entry.purpose = purpose
            guard let matter = try await Matter.query(on: request.db).filter(\.$code == body.matterCode).first() else {
                throw APIError.notFound("the matter \(body.matterCode)")
            }
            guard matter.$department.id == department.id else {
                throw APIError(status: .forbidden, code: "matter_not_in_scope", message: "the matter \(matter.code) belongs to another department")
            }
            switch (body.grantCode, body.identity) {
            case let (code?, nil):
                var redeemer = entry
                redeemer.action = AuditAction.grantRedeem
                recordedByRedemption = true
                let photo = try await GrantRedemption(request: request)
                    .redeem(code: code, purpose: purpose, matterCode: matter.code,
                            by: .init(departmentID: try department.requireID(), departmentCode: department.code, entry: redeemer))
                return try await APIResponse.json(photo)
            case let (nil, identity?):
                return try await fetchByIdentity(identity, matter: matter, department: department, purpose: purpose, entry: &entry, request: request)
            default:
                throw APIError.badRequest("invalid_request", "give either \"grantCode\" (the citizen's code) or \"identity\" (legal-basis matters), not both")
            }
        } catch let error as APIError {
            if !recordedByRedemption { try await request.recordAccess(entry.refused(error.code)) }
            throw error
        }
    }

    private func fetchByIdentity(_ ref: IdentityRef, matter: Matter, department: Department, purpose: String, entry: inout AuditEntry,
                                 request: Request) async throws -> Response {
        guard matter.active else { throw SharingRefusal.matterClosed }
        guard let policy = try await MatterPolicy.query(on: request.db).filter(\.$matter.$id == matter.requireID())
            .filter(\.$version == matter.policyVersion).first() else { throw APIError.notFound("the policy of \(matter.code)") }
        guard policy.consent == .legalBasis else {
            throw APIError(status: .forbidden, code: "consent_required",
                           message: "the matter \(matter.code) needs the citizen's consent: fetch with their grant code")
        }
        let identity = try IdentityNumber.parsing(type: ref.type, number: ref.number)
        guard let person = try await request.library.person(identity, on: request.db) else {
            throw APIError(status: .notFound, code: "person_not_found", message: "the library has no photo of this \(identity.type.name.en) number")
        }
        entry.personID = person.id
        let delivery = SharedPhotoDelivery(request: request)
        guard let found = try await delivery.photo(of: try person.requireID(), terms: policy.terms, on: request.db) else {
            throw SharingRefusal.noPhoto
        }
        let (photo, capture) = found
        entry.photoID = photo.id
        let shared = try await delivery.pack(photo, capture: capture, person: person, matter: matter, departmentCode: department.code,
                                             policy: policy, watermark: policy.watermark, purpose: purpose, grant: nil)
        // Durably recorded before the photo leaves.
        try await request.recordAccess(entry)
        return try await APIResponse.json(shared)
    }
}
