import Fluent
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// The sharing API: published matters, a citizen's grants (`/me/grants`), redemption and
/// QR reading for department users (`/share`), and department systems (`/system`).
struct SharingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("matters", use: listMatters)
        let grants = routes.grouped("me", "grants")
        grants.post(use: createGrant)
        grants.get(use: listGrants)
        grants.delete(":grantID", use: revokeGrant)
        let share = routes.grouped("share")
        share.post("redeem", use: redeem)
        share.on(.POST, "scan", body: .collect(maxSize: "8mb"), use: scan)
        try routes.register(collection: SystemSharingController())
    }

    // MARK: Published matters

    struct MatterSummary: Content {
        var code: String
        var name: String
        var departmentCode: String
        var departmentName: String
        var policyVersion: Int
        var spec: String
        var background: String
        var purpose: String
        var consent: String
        var retentionNote: String?
        var watermark: Bool
        var grantMinutes: Int
        var grantUses: Int
    }

    /// Every active matter and its current policy: published, so citizens can see who may
    /// receive what before they grant anything.
    func listMatters(_ request: Request) async throws -> Response {
        let department = try? request.query.get(String.self, at: "department")
        let listings = try await SharingAdministration.listMatters(request.db, departmentCode: department)
        let departments = Dictionary(try await Department.query(on: request.db).all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await APIResponse.json(listings.filter { $0.matter.active }.map { listing in
            let policy = listing.policy
            return MatterSummary(code: listing.matter.code, name: listing.matter.name, departmentCode: listing.departmentCode,
                                 departmentName: departments[listing.departmentCode] ?? listing.departmentCode, policyVersion: policy.version,
                                 spec: policy.spec, background: policy.background, purpose: policy.purpose, consent: policy.consent.rawValue,
                                 retentionNote: policy.retentionNote, watermark: policy.watermark, grantMinutes: policy.grantMinutes,
                                 grantUses: policy.grantUses)
        })
    }

    // MARK: Grants (citizens)

    struct NewGrant: Content {
        var matterCode: String
    }

    struct IssuedGrant: Content {
        var grantId: UUID
        /// Shown once: only its keyed hash is stored.
        var code: String
        /// PNG of the code as a QR code, base64.
        var qrPng: String
        var expiresAt: Date
        var matterCode: String
        var matterName: String
        var departmentName: String
        var maxUses: Int
        var status: String
    }

    struct GrantSummary: Content {
        var grantId: UUID
        var matterCode: String
        var matterName: String
        var departmentCode: String
        var departmentName: String
        var policyVersion: Int
        var status: String
        var createdAt: Date?
        var expiresAt: Date
        var uses: Int
        var maxUses: Int
        var revokedAt: Date?
        var lastUsedAt: Date?

        init(_ grant: Grant) throws {
            grantId = try grant.requireID()
            matterCode = grant.matter.code
            matterName = grant.matter.name
            departmentCode = grant.matter.department.code
            departmentName = grant.matter.department.name
            policyVersion = grant.policy.version
            status = grant.status().rawValue
            createdAt = grant.createdAt
            expiresAt = grant.expiresAt
            uses = grant.uses
            maxUses = grant.maxUses
            revokedAt = grant.revokedAt
            lastUsedAt = grant.lastUsedAt
        }
    }

    func createGrant(_ request: Request) async throws -> Response {
        let citizen = try request.requireCitizen()
        let body = try request.content.decode(NewGrant.self)
        guard let matter = try await Matter.query(on: request.db).filter(\.$code == body.matterCode).filter(\.$active == true)
            .with(\.$department).first() else { throw APIError.notFound("the matter \(body.matterCode)") }
        guard let policy = try await MatterPolicy.query(on: request.db).filter(\.$matter.$id == matter.requireID())
            .filter(\.$version == matter.policyVersion).first() else { throw APIError.notFound("the policy of \(body.matterCode)") }
        let delivery = SharedPhotoDelivery(request: request)
        guard try await delivery.photo(of: citizen.personID, terms: policy.terms, on: request.db) != nil else {
            throw APIError(status: .conflict, code: "photo_unavailable",
                           message: "you have no current photo in the spec this matter needs (\(policy.spec)); have it taken at a photo site first")
        }
        let code = GrantCodes.newCode()
        let qr = try await request.application.imagingWorkers.runIfActive { try QRCode.png(code, moduleSize: 8) }
        let grant = Grant(personID: citizen.personID, matterID: try matter.requireID(), policyID: try policy.requireID(),
                          codeHash: request.application.sharing.codes.lookupHash(code),
                          expiresAt: Date().addingTimeInterval(Double(policy.grantMinutes) * 60), maxUses: policy.grantUses)
        grant.id = UUID()
        var entry = request.auditEntry(action: AuditAction.grantCreate, personID: citizen.personID, purpose: policy.purpose)
        entry.matterCode = matter.code
        entry.departmentCode = matter.department.code
        entry.grantID = grant.id
        let chain = request.application.auditChain
        try await request.library.transaction(on: request.db) { [entry] db in
            try await grant.create(on: db)
            try await chain.append(entry, on: db)
        }
        return try await APIResponse.json(IssuedGrant(grantId: try grant.requireID(), code: code, qrPng: Data(qr).base64EncodedString(),
                                                      expiresAt: grant.expiresAt, matterCode: matter.code, matterName: matter.name,
                                                      departmentName: matter.department.name, maxUses: grant.maxUses, status: grant.status().rawValue),
                                          status: .created)
    }

    func listGrants(_ request: Request) async throws -> Response {
        let citizen = try request.requireCitizen()
        let grants = try await Grant.query(on: request.db).filter(\.$person.$id == citizen.personID)
            .with(\.$matter, { $0.with(\.$department) }).with(\.$policy).sort(\.$createdAt, .descending).all()
        return try await APIResponse.json(try grants.map(GrantSummary.init))
    }

    func revokeGrant(_ request: Request) async throws -> Response {
        let citizen = try request.requireCitizen()
        guard let id = request.parameters.get("grantID", as: UUID.self) else { throw APIError.notFound("this grant") }
        let chain = request.application.auditChain
        let entry = request.auditEntry(action: AuditAction.grantRevoke, personID: citizen.personID)
        let grant: Grant = try await request.library.transaction(on: request.db) { db in
            // Another citizen's grant is "not found", not "forbidden": its existence is theirs.
            guard let grant = try await Grant.query(on: db).filter(\.$id == id).filter(\.$person.$id == citizen.personID)
                .with(\.$matter, { $0.with(\.$department) }).with(\.$policy).first() else { throw APIError.notFound("this grant") }
            if grant.state != .revoked {
                grant.state = .revoked
                grant.revokedAt = Date()
                try await grant.save(on: db)
                var entry = entry
                entry.grantID = id
                entry.matterCode = grant.matter.code
                entry.departmentCode = grant.matter.department.code
                try await chain.append(entry, on: db)
            }
            return grant
        }
        return try await APIResponse.json(try GrantSummary(grant))
    }

    // MARK: Department users

    struct Redemption: Content {
        var code: String
        var purpose: String?
    }

    func redeem(_ request: Request) async throws -> Response {
        let (staff, department) = try await request.requireDepartmentUser()
        let ip = request.remoteAddress?.ipAddress
        let limiter = request.application.sharing.limiter
        let user = staff.id.uuidString
        var entry = request.auditEntry(action: AuditAction.grantRedeem)
        entry.departmentCode = department.code
        if let wait = await limiter.retryAfter(user: user, ip: ip) {
            try await request.recordAccess(entry.refused("rate_limited"))
            return SharingRefusal.rateLimitedResponse(wait)
        }
        let body = try request.content.decode(Redemption.self)
        do {
            let photo = try await GrantRedemption(request: request)
                .redeem(code: body.code, purpose: body.purpose, by: .init(departmentID: try department.requireID(), departmentCode: department.code, entry: entry))
            return try await APIResponse.json(photo)
        } catch let error as APIError {
            await limiter.recordFailure(user: user, ip: ip)
            throw error
        }
    }

    struct ScannedCode: Content {
        var code: String
    }

    /// Reads a QR code from a camera frame (JPEG or PNG in the body): the portal's scanner.
    func scan(_ request: Request) async throws -> Response {
        _ = try await request.requireDepartmentUser()
        guard let buffer = request.body.data, buffer.readableBytes > 0 else {
            throw APIError(status: .unsupportedMediaType, code: "empty_file", message: "send a camera frame (JPEG or PNG) as the request body")
        }
        let bytes = Array(buffer.readableBytesView)
        let text: String?
        do {
            text = try await request.application.imagingWorkers.runIfActive { try QRCode.read(bytes, limits: InputLimits(maxBytes: 8 << 20, maxPixels: 16_000_000, minSide: 32)) }
        } catch let refusal as InputRefusal {
            throw APIError.refusal(code: refusal.code, message: refusal.description)
        }
        guard let text, GrantCodes.isWellFormed(text) else {
            throw APIError.unprocessable("no_code_found", "no authorization code could be read in this frame; hold the QR code steady and closer")
        }
        return try await APIResponse.json(ScannedCode(code: text))
    }
}

extension Request {
    /// The signed-in department user and their department: 401 without a staff token, 403
    /// for a citizen, another role, or a department user not bound to an active department.
    func requireDepartmentUser() async throws -> (StaffPrincipal, Department) {
        if auth.get(StaffPrincipal.self) == nil, auth.has(CitizenPrincipal.self) {
            throw APIError.forbidden("this is for department staff; citizens grant access from My Photos")
        }
        let principal = try requireStaff([.departmentUser])
        guard let staff = try await Staff.query(on: db).filter(\.$id == principal.id).with(\.$department).first(),
              let department = staff.department, department.active else {
            throw APIError.forbidden("this account is not bound to an active department; ask a city admin")
        }
        return (principal, department)
    }
}
