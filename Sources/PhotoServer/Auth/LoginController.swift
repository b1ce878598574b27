import Fluent
import PhotoStore
import Vapor

/// Staff sign-in: username and password for a bearer token with an expiry.
struct LoginController: RouteCollection {
    struct Credentials: Content {
        var username: String
        var password: String
    }

    struct Session: Content {
        var token: String
        var expiresAt: Date
        var staff: StaffSummary
    }

    struct StaffSummary: Content {
        var username: String
        var displayName: String
        var role: String
        var siteCode: String?
        var siteName: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.post("login", use: login)
        auth.get("me", use: me)
        auth.post("logout", use: logout)
    }

    func login(_ request: Request) async throws -> Response {
        let credentials = try request.content.decode(Credentials.self)
        let refused = APIError(status: .unauthorized, code: "invalid_credentials", message: "wrong username or password")
        guard let staff = try await Staff.query(on: request.db).filter(\.$username == credentials.username).with(\.$site).first() else {
            // Spend the same time as a real check, so timing does not reveal which usernames exist.
            _ = try? await request.password.async.verify(credentials.password, created: LoginController.decoyHash)
            throw refused
        }
        guard try await request.password.async.verify(credentials.password, created: staff.passwordHash) else { throw refused }
        guard staff.active else { throw APIError(status: .forbidden, code: "account_disabled", message: "this account has been deactivated; ask a city admin") }
        let token = TokenHash.newToken()
        let expiry = Date().addingTimeInterval(request.application.photoOnceConfiguration.tokenLifetime)
        try await StaffToken(staffID: try staff.requireID(), tokenHash: TokenHash.of(token), expiresAt: expiry).create(on: request.db)
        request.logger.info("staff signed in", metadata: ["username": "\(staff.username)", "role": "\(staff.role.rawValue)"])
        return try await APIResponse.json(Session(token: token, expiresAt: expiry, staff: Self.summary(staff)), status: .ok)
    }

    func me(_ request: Request) async throws -> Response {
        let principal = try request.requireStaff(.all)
        guard let staff = try await Staff.query(on: request.db).filter(\.$id == principal.id).with(\.$site).first() else { throw APIError.unauthorized }
        return try await APIResponse.json(Self.summary(staff))
    }

    func logout(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(.all)
        if let bearer = request.headers.bearerAuthorization {
            let hash = TokenHash.of(bearer.token)
            try await StaffToken.query(on: request.db).filter(\.$tokenHash == hash).delete()
            // A query delete passes no model middleware: forget the token here.
            request.application.staffTokens.forget(tokenHash: hash)
        }
        return Response(status: .noContent)
    }

    static func summary(_ staff: Staff) -> StaffSummary {
        StaffSummary(username: staff.username, displayName: staff.displayName, role: staff.role.rawValue,
                     siteCode: staff.site?.code, siteName: staff.site?.name)
    }

    private static let decoyHash = (try? Bcrypt.hash("decoy-password")) ?? ""
}
