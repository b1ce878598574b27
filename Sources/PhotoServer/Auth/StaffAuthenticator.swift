import Crypto
import Fluent
import PhotoStore
import Vapor

/// Bearer tokens from `POST /api/v1/auth/login`: found by their SHA-256, refused once
/// expired or when the staff member has been deactivated.
struct StaffAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard !bearer.token.hasPrefix(CitizenSession.tokenPrefix), !bearer.token.hasPrefix(CaptureLink.prefix),
              let staff = try await StaffToken.liveStaff(bearing: bearer.token, on: request.db) else { return }
        let siteID: UUID? = staff.$site.id
        request.auth.login(StaffPrincipal(id: try staff.requireID(), username: staff.username, role: staff.role, siteID: siteID))
    }
}

extension StaffToken {
    /// The active member of staff a token belongs to, if the token exists and has not expired.
    static func liveStaff(bearing token: String, on db: any Database) async throws -> Staff? {
        guard let found = try await StaffToken.query(on: db).filter(\.$tokenHash == TokenHash.of(token)).filter(\.$expiresAt > Date())
            .with(\.$staff).first() else { return nil }
        let staff: Staff = found.staff
        return staff.active ? staff : nil
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
