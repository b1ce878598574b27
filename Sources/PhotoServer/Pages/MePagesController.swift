import Vapor

/// The citizen's pages: `/me/sign-in` (the government platform when configured, and the
/// clearly marked development provider when enabled) and `/me` (My Photos, mobile first),
/// whose family-member view is `/me/family/{personId}`. Static files from `Assets`, talking
/// to `/api/v1/me…` with the citizen token kept in the tab's session storage.
struct MePagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("me")
        me.get { _ in try PagesController.serve("me.html") }
        me.get("sign-in") { _ in try PagesController.serve("me-sign-in.html") }
        me.get("family", ":personID") { _ in try PagesController.serve("me.html") }
    }
}
