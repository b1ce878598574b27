import Vapor

/// `/share`: the department portal where department staff redeem a citizen's code (typed,
/// or read from the camera by the server) and receive the photo. Its files are in `Assets`
/// beside the station's and served the same way.
struct SharePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("share") { _ in try PagesController.serve("share.html") }
    }
}
