import Fluent
import PhotoStore
import Vapor

/// The capture log: every attempt with who, where, when and the outcome. Site admins read
/// their own site's; city admins and auditors all.
struct CaptureLogsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("capture-logs", use: index)
    }

    struct Entry: Content {
        var id: UUID
        var at: Date
        var capturedAt: Date?
        var captureId: UUID?
        var siteCode: String?
        var deviceId: String?
        var operatorId: UUID?
        var channel: String?
        var latitude: Double?
        var longitude: Double?
        var outcome: String
        var reason: String?
        var detail: String?
    }

    func index(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff(.readingLogs)
        var site = request.query[String.self, at: "site"]
        if staff.role == .siteAdmin {
            guard let own = try await Site.find(staff.siteID, on: request.db) else { throw APIError.forbidden("your account has no site") }
            if let asked = site, asked != own.code { throw APIError.forbidden("site admins read their own site's log only") }
            site = own.code
        }
        let limit = min(max(request.query[Int.self, at: "limit"] ?? 100, 1), 1000)
        var query = CaptureLog.query(on: request.db).sort(\.$at, .descending).limit(limit)
        if let site { query = query.filter(\.$siteCode == site) }
        if let outcome = request.query[String.self, at: "outcome"] {
            guard let value = CaptureLog.Outcome(rawValue: outcome) else {
                throw APIError.badRequest("invalid_outcome", "outcome must be one of \(CaptureLog.Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query = query.filter(\.$outcome == value)
        }
        let entries = try await query.all().map {
            Entry(id: try $0.requireID(), at: $0.at, capturedAt: $0.capturedAt, captureId: $0.captureID, siteCode: $0.siteCode, deviceId: $0.deviceCode,
                  operatorId: $0.operatorID, channel: $0.channel, latitude: $0.latitude, longitude: $0.longitude, outcome: $0.outcome.rawValue,
                  reason: $0.reasonCode, detail: $0.detail)
        }
        return try await APIResponse.json(entries)
    }
}
