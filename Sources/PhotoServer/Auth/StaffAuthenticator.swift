import Crypto
import Fluent
import PhotoStore
import Vapor

/// Bearer tokens from `POST /api/v1/auth/login`: found by their SHA-256, refused once
/// expired or when the staff member has been deactivated. A token found live is trusted
/// for a few seconds without asking the database again (`StaffTokenCache`).
struct StaffAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard Self.isStaffToken(bearer.token) else { return }
        let cache = request.application.staffTokens
        let hash = TokenHash.of(bearer.token)
        if let principal = cache.principal(tokenHash: hash) {
            request.auth.login(principal)
            return
        }
        let generation = cache.generation
        guard let (staff, expiresAt) = try await StaffToken.liveStaff(tokenHash: hash, on: request.db) else { return }
        let principal = StaffPrincipal(id: try staff.requireID(), username: staff.username, role: staff.role, siteID: staff.$site.id)
        cache.remember(principal, tokenHash: hash, expiresAt: expiresAt, lookedUpAt: generation)
        request.auth.login(principal)
    }

    /// Citizen and capture-link tokens are someone else's to check.
    static func isStaffToken(_ token: String) -> Bool {
        !token.hasPrefix(CitizenSession.tokenPrefix) && !token.hasPrefix(CaptureLink.prefix)
    }
}

extension StaffToken {
    /// The active member of staff a token belongs to, if the token exists and has not expired.
    static func liveStaff(bearing token: String, on db: any Database) async throws -> Staff? {
        try await liveStaff(tokenHash: TokenHash.of(token), on: db)?.staff
    }

    /// The active member of staff and the token's expiry, by the token's hash.
    static func liveStaff(tokenHash: String, on db: any Database) async throws -> (staff: Staff, expiresAt: Date)? {
        guard let found = try await StaffToken.query(on: db).filter(\.$tokenHash == tokenHash).filter(\.$expiresAt > Date())
            .with(\.$staff).first() else { return nil }
        let staff: Staff = found.staff
        return staff.active ? (staff, found.expiresAt) : nil
    }
}

enum TokenHash {
    static func of(_ token: String) -> String { SHA256.hash(data: Array(token.utf8)).hexEncodedString() }

    /// 32 random bytes, URL-safe base64.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(bytes)
    }
}
