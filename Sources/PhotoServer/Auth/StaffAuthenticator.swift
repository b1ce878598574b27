import Crypto
import Fluent
import PhotoStore
import Vapor

/// Bearer tokens from `POST /api/v1/auth/login`: found by their SHA-256, refused once
/// expired or when the staff member has been deactivated.
struct StaffAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard let token = try await StaffToken.query(on: request.db)
            .filter(\.$tokenHash == TokenHash.of(bearer.token))
            .filter(\.$expiresAt > Date())
            .with(\.$staff)
            .first() else { return }
        let staff: Staff = token.staff
        guard staff.active else { return }
        let siteID: UUID? = staff.$site.id
        request.auth.login(StaffPrincipal(id: try staff.requireID(), username: staff.username, role: staff.role, siteID: siteID))
    }
}

enum TokenHash {
    static func of(_ token: String) -> String { SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// 32 random bytes, URL-safe base64.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
