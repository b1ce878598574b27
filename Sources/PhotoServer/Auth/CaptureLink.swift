import Crypto
import Foundation
import PhotoStore
import Vapor

/// A signed link with which one citizen takes their own photo on a phone (`/capture#<token>`),
/// until the city's identity provider signs citizens in: whose photo (identity sealed, not
/// readable from the link), for which site, issued by which member of staff, until when.
/// Stateless: HMAC-SHA256 under a key derived from the master key; nothing is stored until
/// a capture is uploaded, and the upload is logged as the issuer's, on channel `phone`.
struct CaptureLink: Codable, Sendable {
    var identityType: String
    var identitySealed: String
    var name: String
    var siteCode: String
    var issuer: UUID
    var expiresAt: Date

    static let prefix = "link1."
    /// A day: long enough to go home to a plain wall, short enough that a lost link dies.
    static let lifetime: TimeInterval = 24 * 3600

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    func token(key: SymmetricKey) throws -> String {
        let payload = try Self.encoder.encode(self)
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Self.prefix + Base64URL.encode(payload) + "." + Base64URL.encode(Data(mac))
    }

    /// The link in `token` when its signature holds and it has not expired.
    static func verify(_ token: String, key: SymmetricKey, now: Date = Date()) -> CaptureLink? {
        guard token.hasPrefix(prefix) else { return nil }
        let parts = token.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(String(parts[0])), let mac = Base64URL.decode(String(parts[1])),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key),
              let link = try? decoder.decode(CaptureLink.self, from: payload), link.expiresAt > now else { return nil }
        return link
    }


}

/// A request made with a capture link: the link, and the member of staff who issued it.
struct CaptureLinkPrincipal: Authenticatable, Sendable {
    var link: CaptureLink
    var issuer: StaffPrincipal
}

/// Capture-link tokens (`link1.…`) as bearer tokens; the issuer must still be active.
struct CaptureLinkAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard bearer.token.hasPrefix(CaptureLink.prefix),
              let link = CaptureLink.verify(bearer.token, key: request.application.captureLinkKey),
              let staff = try await Staff.find(link.issuer, on: request.db), staff.active else { return }
        request.auth.login(CaptureLinkPrincipal(link: link, issuer: StaffPrincipal(id: try staff.requireID(), username: staff.username,
                                                                                   role: staff.role, siteID: staff.$site.id)))
    }
}
