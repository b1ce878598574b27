import Fluent
import Foundation
@testable import PhotoServer
import PhotoStore
import Vapor
import VaporTesting

/// A library with two sites, a device at each and staff of every role, each with a
/// signed-in token; built fresh for every test.
struct TestLibrary {
    let app: Application
    let dataDirectory: URL
    var tokens: [String: String] = [:]

    static let siteA = "DH-W01", siteB = "PT-W03"
    static let deviceA = "CAM-A", deviceB = "CAM-B"

    func headers(_ who: String?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let who, let token = tokens[who] { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return headers
    }

    func send(_ method: HTTPMethod, _ path: String, as who: String?, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var headers = headers(who)
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }

    func upload(_ image: [UInt8], metadata: [String: Any], as who: String?) async throws -> TestingHTTPResponse {
        let form = Multipart.form([("metadata", nil, Array(try JSONSerialization.data(withJSONObject: metadata))), ("image", "photo.jpg", image)])
        return try await send(.POST, "/api/v1/captures", as: who, headers: form.headers, body: form.body)
    }

    /// Metadata for a window capture at site A by default.
    static func metadata(number: String = TestIdentity.alice, name: String = "测试 Alice", site: String = siteA, device: String? = deviceA,
                         captureID: UUID? = nil, capturedAt: Date? = nil, extra: [String: Any] = [:]) -> [String: Any] {
        var metadata: [String: Any] = ["identity": ["type": "resident-id", "number": number], "name": name, "siteCode": site, "channel": "window",
                                       "location": ["lat": 30.0197, "lon": 122.1067]]
        if let device { metadata["deviceId"] = device }
        if let captureID { metadata["captureId"] = captureID.uuidString }
        if let capturedAt { metadata["capturedAt"] = ISO8601DateFormatter().string(from: capturedAt) }
        return metadata.merging(extra) { $1 }
    }

    /// Runs `body` against a new library (SQLite in a temporary folder, or the PostgreSQL of
    /// DATABASE_URL, emptied first), then shuts the application down.
    static func with(imaging: ImagingServices = TestImaging.relaxed, dataDirectory: URL? = nil, fresh: Bool = true, devIdentity: Bool = true,
                     _ body: (TestLibrary) async throws -> Void) async throws {
        let folder = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("photoonce-server-\(UUID().uuidString)")
        var configuration = ServerConfiguration()
        configuration.dataDirectory = folder
        configuration.databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"]
        configuration.devIdentity = devIdentity
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, configuration: configuration, imaging: imaging)
            if configuration.databaseURL != nil, fresh {
                try await app.autoRevert()
                try await app.autoMigrate()
            }
            var library = TestLibrary(app: app, dataDirectory: folder)
            try await library.seed()
            try await body(library)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Signs a citizen in through the development identity provider; their token is then
    /// used by `send(…, as: name)`.
    @discardableResult
    mutating func signInCitizen(_ name: String, number: String, type: String = "resident-id") async throws -> String {
        let response = try await send(.POST, "/dev/identity/login", as: nil, headers: ["Content-Type": "application/json"],
                                      body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["identity": ["type": type, "number": number], "name": name])))
        guard response.status == .ok, let token = response.json["token"] as? String else {
            throw TestFailure("citizen sign-in failed: \(response.status) \(response.body.string)")
        }
        tokens[name] = token
        return token
    }

    private mutating func seed() async throws {
        let db = app.db
        if try await Site.query(on: db).filter(\.$code == Self.siteA).count() > 0 {
            try await issueTokens()
            return
        }
        let a = Site(code: Self.siteA, name: "定海 window 1", kind: .window, latitude: 30.0197, longitude: 122.1067)
        let b = Site(code: Self.siteB, name: "沈家门 window", kind: .window, latitude: 29.9445, longitude: 122.2986)
        try await a.create(on: db)
        try await b.create(on: db)
        try await Device(code: Self.deviceA, name: "camera A", kind: .camera, siteID: try a.requireID()).create(on: db)
        try await Device(code: Self.deviceB, name: "camera B", kind: .camera, siteID: try b.requireID()).create(on: db)
        let hash = try Bcrypt.hash("password-123", cost: 4)
        for (name, role, site) in [("operatorA", Staff.Role.operator, a), ("operatorB", .operator, b), ("siteAdminA", .siteAdmin, a),
                                   ("siteAdminB", .siteAdmin, b), ("cityAdmin", .cityAdmin, nil), ("auditor", .auditor, nil)] {
            try await Staff(username: name, displayName: name, passwordHash: hash, role: role, siteID: site?.id).create(on: db)
        }
        try await seedSharing(passwordHash: hash)
        try await issueTokens()
    }

    static let departmentA = "HEALTH", departmentB = "MSA"
    /// Matters of department A: consent (plain and watermarked) and legal basis; of B: consent.
    static let matterA = "MED-CARD", matterAWatermarked = "MED-CARD-WM", matterALegal = "HEALTH-CHECK", matterB = "SEAFARER"

    /// Two departments with matters, and a department user of each (`deptUserA`, `deptUserB`).
    private func seedSharing(passwordHash hash: String) async throws {
        let catalog = app.imaging.catalog
        try await SharingAdministration.addDepartment(app, code: Self.departmentA, name: "医疗保障局 Healthcare Security")
        try await SharingAdministration.addDepartment(app, code: Self.departmentB, name: "海事局 Maritime Safety")
        for (code, department, watermark, consent) in [(Self.matterA, Self.departmentA, false, MatterPolicy.Consent.required),
                                                       (Self.matterAWatermarked, Self.departmentA, true, .required),
                                                       (Self.matterALegal, Self.departmentA, false, .legalBasis),
                                                       (Self.matterB, Self.departmentB, false, .required)] {
            try await SharingAdministration.addMatter(app, code: code, departmentCode: department, name: "\(code) 事项",
                                                      terms: MatterTerms(spec: "cn-id-card", background: "white", purpose: "医保卡申领",
                                                                         purposeEn: "medical insurance card", consent: consent, watermark: watermark),
                                                      catalog: catalog)
        }
        for (name, department) in [("deptUserA", Self.departmentA), ("deptUserB", Self.departmentB)] {
            try await Staff(username: name, displayName: name, passwordHash: hash, role: .departmentUser, siteID: nil,
                            departmentID: try await SharingAdministration.departmentID(code: department, on: app.db)).create(on: app.db)
        }
    }

    private mutating func issueTokens() async throws {
        for staff in try await Staff.query(on: app.db).all() {
            let token = TokenHash.newToken()
            try await StaffToken(staffID: try staff.requireID(), tokenHash: TokenHash.of(token), expiresAt: Date().addingTimeInterval(3600)).create(on: app.db)
            tokens[staff.username] = token
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Valid resident ID numbers for test citizens.
enum TestIdentity {
    static func residentID(_ body: String) -> String { body + String(CitizenNumberChecksum.checkCharacter(for: body)!) }
    static let alice = residentID("33090219800101002")
    static let bob = residentID("33090219750615003")
    static let carol = residentID("33090319920228004")
    static let dave = residentID("33092219880808005")
}

/// A multipart/form-data body.
struct Multipart {
    let headers: HTTPHeaders
    let body: ByteBuffer

    static func form(_ parts: [(name: String, filename: String?, bytes: [UInt8])]) -> Multipart {
        let boundary = "photoonce-test-\(UUID().uuidString)"
        var buffer = ByteBuffer()
        for part in parts {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"")
            if let filename = part.filename { buffer.writeString("; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream") }
            buffer.writeString("\r\n\r\n")
            buffer.writeBytes(part.bytes)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return Multipart(headers: headers, body: buffer)
    }
}

extension TestingHTTPResponse {
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    var jsonArray: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]] ?? [] }
    var errorCode: String? { json["error"] as? String }
}
