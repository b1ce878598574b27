import Fluent
import PhotoStore
import Vapor

/// The photo sites and their devices, for stations choosing where they are.
struct SitesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("sites", use: index)
        routes.get("sites", ":code", "devices", use: devices)
    }

    struct SiteItem: Content {
        var code: String
        var name: String
        var kind: String
        var latitude: Double?
        var longitude: Double?
        var active: Bool
    }

    struct DeviceItem: Content {
        var id: String
        var name: String
        var kind: String
        var active: Bool
    }

    func index(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(.all)
        let sites = try await Site.query(on: request.db).sort(\.$code).all()
        return try await APIResponse.json(sites.map { SiteItem(code: $0.code, name: $0.name, kind: $0.kind.rawValue, latitude: $0.latitude, longitude: $0.longitude, active: $0.active) })
    }

    func devices(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(.all)
        guard let site = try await Site.query(on: request.db).filter(\.$code == (request.parameters.get("code") ?? "")).first() else {
            throw APIError.notFound("site \(request.parameters.get("code") ?? "")")
        }
        let devices = try await Device.query(on: request.db).filter(\.$site.$id == site.requireID()).sort(\.$code).all()
        return try await APIResponse.json(devices.map { DeviceItem(id: $0.code, name: $0.name, kind: $0.kind.rawValue, active: $0.active) })
    }
}
