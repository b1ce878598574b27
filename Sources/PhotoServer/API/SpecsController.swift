import PhotoKit
import Vapor

/// The spec catalog as data, for clients laying out pages and choosing sizes.
struct SpecsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("specs", use: index)
    }

    struct Catalog: Content {
        var version: String
        var captureSet: [String]
        var specs: [PhotoSpec]
    }

    func index(_ request: Request) async throws -> Response {
        let catalog = request.imaging.catalog
        return try await APIResponse.json(Catalog(version: catalog.version, captureSet: SpecCatalog.captureSet, specs: catalog.specs))
    }
}
