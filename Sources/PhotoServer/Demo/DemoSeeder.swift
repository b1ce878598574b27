import Fluent
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// `serve --demo`: a realistic library to try the system with: the city's 44 sites with a
/// device each, staff of every role, and citizens captured from portraits on this machine.
/// Runs once (when the library has no sites); later starts keep what is there.
public enum DemoSeeder {
    public struct Login: Sendable {
        public var username: String
        public var password: String
        public var role: Staff.Role
        public var siteCode: String?
    }

    /// Demo passwords are printed at start: this is a demo, never a production set-up.
    public static let logins: [Login] = [
        .init(username: "admin", password: "demo-admin-2026", role: .cityAdmin, siteCode: nil),
        .init(username: "auditor", password: "demo-auditor-2026", role: .auditor, siteCode: nil),
        .init(username: "dh-w01-admin", password: "demo-siteadmin-2026", role: .siteAdmin, siteCode: "DH-W01"),
        .init(username: "dh-w01-op", password: "demo-operator-2026", role: .operator, siteCode: "DH-W01"),
        .init(username: "pt-w03-op", password: "demo-operator-2026", role: .operator, siteCode: "PT-W03"),
        .init(username: "ss-m01-op", password: "demo-mobile-2026", role: .operator, siteCode: "SS-M01"),
    ]

    /// Demo citizens: portrait file name (searched in the fixtures and shared portraits),
    /// name, and the 17 digits their resident ID number starts with.
    static let citizens: [(file: String, name: String, body: String, daysAgo: Int, site: String)] = [
        ("portrait.jpg", "柯林斯 (Eileen Collins)", "33090219560319002", 40, "DH-W01"),
        ("deepface__img13.jpg", "王建国 (Wang Jianguo)", "33090319780512361", 250, "PT-W03"),
        ("hivision__test0.jpg", "李明 (Li Ming)", "33092119900101201", 20, "DS-W01"),
        ("facerec__alex_lacamoire1.jpg", "陈海生 (Chen Haisheng)", "33092219850826153", 3, "SS-M01"),
        ("facerec__biden2.jpg", "张卫东 (Zhang Weidong)", "33090219620717471", 90, "DH-W04"),
    ]

    @discardableResult
    public static func seedIfEmpty(_ app: Application, portraitFolders: [URL]) async throws -> Bool {
        let db = app.db
        guard try await Site.query(on: db).count() == 0 else { return false }
        var sites: [String: Site] = [:]
        for entry in DemoSites.all {
            let site = Site(code: entry.code, name: entry.name, kind: entry.kind, latitude: entry.latitude, longitude: entry.longitude)
            try await site.create(on: db)
            sites[entry.code] = site
            let (prefix, kind): (String, Device.Kind) = switch entry.kind {
            case .window: ("CAM", .camera)
            case .kiosk: ("KSK", .kiosk)
            case .mobile: ("MOB", .tablet)
            case .online: ("WEB", .phone)
            }
            try await Device(code: "\(prefix)-\(entry.code)-1", name: "\(entry.code) \(kind.rawValue) 1", kind: kind, siteID: try site.requireID()).create(on: db)
        }
        // Where citizens' own phone photos are filed.
        try await Site(code: app.photoOnceConfiguration.selfCaptureSiteCode, name: "舟山市网上自助拍照 Online self-capture", kind: .online,
                       latitude: nil, longitude: nil).create(on: db)
        for login in logins {
            try await Staff(username: login.username, displayName: login.username, passwordHash: try Bcrypt.hash(login.password, cost: 10),
                            role: login.role, siteID: login.siteCode.flatMap { sites[$0]?.id }).create(on: db)
        }
        try await DemoSharing.seed(app)
        let operatorID = try await Staff.query(on: db).filter(\.$username == "dh-w01-op").first()?.id
        let imaging = app.imaging
        for citizen in citizens {
            guard let url = portraitFolders.map({ $0.appendingPathComponent(citizen.file) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }),
                  let data = FileManager.default.contents(atPath: url.path), let site = sites[citizen.site],
                  let check = CitizenNumberChecksum.checkCharacter(for: citizen.body) else { continue }
            let identity = try IdentityNumber(type: .residentID, number: citizen.body + String(check))
            let bytes = [UInt8](data)
            let result = try imaging.pipeline.process(bytes)
            let capturedAt = Date().addingTimeInterval(-Double(citizen.daysAgo) * 86_400)
            let acceptance = CaptureAcceptance(result.report)
            guard result.report.refusal == nil, acceptance.accepted,
                  let face = result.face else {
                // A portrait the checks refuse becomes what it would be at a window: a logged attempt.
                let failing = acceptance.failing.joined(separator: ",")
                try await CaptureLog(at: capturedAt, outcome: result.report.refusal == nil ? .qualityFailed : .inputRefused,
                                     reasonCode: result.report.refusal?.code ?? failing, detail: "demo portrait \(citizen.file)",
                                     identityHash: app.library.identities.lookupHash(identity), siteCode: site.code, deviceCode: nil,
                                     operatorID: operatorID, channel: "window", capturedAt: capturedAt, latitude: site.latitude, longitude: site.longitude).create(on: db)
                app.logger.notice("demo: \(citizen.file) was refused by the quality check and is logged as a failed attempt")
                continue
            }
            let descriptor = try imaging.encoder.descriptor(of: face.decoded.image, box: face.box, landmarks: face.landmarks)
            let stored = try acceptance.storeKeptPhotos(of: result, in: app.library)
            let device = try await Device.query(on: db).filter(\.$site.$id == site.requireID()).first()
            _ = try await app.library.record(NewCapture(
                id: nil, identity: identity, name: citizen.name, siteID: try site.requireID(), siteCode: site.code, deviceID: device?.id,
                deviceCode: device?.code, operatorID: operatorID, channel: site.kind == .mobile ? .mobile : .window, capturedAt: capturedAt,
                latitude: site.latitude, longitude: site.longitude, quality: result.report.quality, descriptor: descriptor, override: nil,
                photos: stored), on: db)
        }
        try await DemoFamilies.seed(app, portraitFolders: portraitFolders)
        return true
    }
}

extension DemoSeeder {
    /// What `serve --demo` prints: where to go and how to sign in.
    public static func banner(_ configuration: ServerConfiguration) -> String {
        let host = configuration.hostname == "0.0.0.0" ? "127.0.0.1" : configuration.hostname
        var lines = ["", "PhotoOnce demo library at \(configuration.scheme)://\(host):\(configuration.port)/  (data in \(configuration.dataDirectory.path))",
                     "Capture station: \(configuration.scheme)://\(host):\(configuration.port)/station",
                     "Phone self-capture: \(configuration.scheme)://\(host):\(configuration.port)/capture",
                     "Audit log (auditor, city admin): \(configuration.scheme)://\(host):\(configuration.port)/audit",
                     "API contract: \(configuration.scheme)://\(host):\(configuration.port)/openapi.yaml", "Demo logins (demo data only):"]
        for login in logins {
            let user = login.username.padding(toLength: 14, withPad: " ", startingAt: 0)
            let password = login.password.padding(toLength: 22, withPad: " ", startingAt: 0)
            lines.append("  \(user) \(password) \(login.role.rawValue)\(login.siteCode.map { " at \($0)" } ?? "")")
        }
        lines.append(DemoFamilies.banner("\(configuration.scheme)://\(host):\(configuration.port)"))
        lines += DemoSharing.bannerLines(base: "\(configuration.scheme)://\(host):\(configuration.port)")
        return lines.joined(separator: "\n") + "\n"
    }
}
