import _CryptoExtras
import Crypto
import Foundation

/// Why a sign-in through the identity platform failed; each with its own code so the page
/// and the logs say which check did not hold.
struct OpenIDConnectError: Error, Sendable {
    var status: UInt
    var code: String
    var message: String

    static func token(_ code: String, _ message: String) -> OpenIDConnectError { .init(status: 401, code: code, message: message) }
    static func provider(_ message: String) -> OpenIDConnectError { .init(status: 502, code: "oidc_provider_error", message: message) }
}

/// One RSA public key of the provider's JWKS.
struct JSONWebKey: Sendable {
    var kid: String?
    var key: _RSA.Signing.PublicKey

    /// The RSA signing keys of a JWKS document (`{"keys": [...]}`); other key types are skipped.
    static func keys(fromJWKS data: Data) throws -> [JSONWebKey] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let keys = object["keys"] as? [[String: Any]] else {
            throw OpenIDConnectError.provider("the provider's JWKS is not a JSON key set")
        }
        return keys.compactMap { jwk in
            guard jwk["kty"] as? String == "RSA", (jwk["use"] as? String).map({ $0 == "sig" }) ?? true,
                  let n = (jwk["n"] as? String).flatMap(Base64URL.decode), let e = (jwk["e"] as? String).flatMap(Base64URL.decode),
                  let key = try? _RSA.Signing.PublicKey(n: n, e: e) else { return nil }
            return JSONWebKey(kid: jwk["kid"] as? String, key: key)
        }
    }
}

/// Checks an ID token (OpenID Connect Core §3.1.3.7): an RS256 JWS signed by one of the
/// provider's keys, from the configured issuer, for this client, not expired, carrying the
/// nonce this sign-in sent. Returns its claims.
struct IDTokenVerifier {
    var issuer: String
    var clientID: String
    /// Clock skew allowed between the provider and this node.
    var leeway: TimeInterval = 60

    /// The token's `kid` (to fetch fresh keys when it is not among the cached ones).
    static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first.flatMap({ Base64URL.decode(String($0)) }),
              let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else { return nil }
        return object["kid"] as? String
    }

    func verify(_ token: String, keys: [JSONWebKey], nonce: String, now: Date) throws(OpenIDConnectError) -> [String: any Sendable] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]), let payloadData = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]),
              let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
              let claims = try? JSONSerialization.jsonObject(with: payloadData) as? [String: Any] else {
            throw .token("oidc_token_malformed", "the identity platform's ID token is not a signed JWT")
        }
        // Only RS256: "none" and HMAC with a public key as secret are the classic forgeries.
        guard header["alg"] as? String == "RS256" else {
            throw .token("oidc_unsupported_alg", "the ID token is signed with \(header["alg"] as? String ?? "nothing"); only RS256 is accepted")
        }
        let kid = header["kid"] as? String
        let candidates = kid.map { kid in keys.filter { $0.kid == kid } } ?? keys
        guard !candidates.isEmpty else {
            throw .token("oidc_unknown_key", "the ID token names signing key \(kid ?? "-"), which the identity platform does not publish")
        }
        let digest = SHA256.hash(data: Data((parts[0] + "." + parts[1]).utf8))
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        guard candidates.contains(where: { $0.key.isValidSignature(rsaSignature, for: digest, padding: .insecurePKCS1v1_5) }) else {
            throw .token("oidc_bad_signature", "the ID token's signature does not verify with the identity platform's keys")
        }
        guard claims["iss"] as? String == issuer else {
            throw .token("oidc_wrong_issuer", "the ID token was issued by \(claims["iss"] as? String ?? "nobody"), not \(issuer)")
        }
        let audience = (claims["aud"] as? [String]) ?? (claims["aud"] as? String).map { [$0] } ?? []
        guard audience.contains(clientID) else {
            throw .token("oidc_wrong_audience", "the ID token is not meant for this node (audience \(audience.joined(separator: ", ")))")
        }
        if audience.count > 1, let azp = claims["azp"] as? String, azp != clientID {
            throw .token("oidc_wrong_audience", "the ID token was issued to another client (azp \(azp))")
        }
        guard let exp = (claims["exp"] as? NSNumber)?.doubleValue else { throw .token("oidc_token_malformed", "the ID token has no expiry") }
        guard now.timeIntervalSince1970 < exp + leeway else {
            throw .token("oidc_token_expired", "the ID token expired at \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: exp))); sign in again")
        }
        if let iat = (claims["iat"] as? NSNumber)?.doubleValue, iat > now.timeIntervalSince1970 + leeway {
            throw .token("oidc_token_malformed", "the ID token was issued in the future; check the clocks")
        }
        guard claims["nonce"] as? String == nonce else {
            throw .token("oidc_nonce_mismatch", "the ID token does not carry this sign-in's nonce (a replayed or mixed-up token); sign in again")
        }
        var sendable: [String: any Sendable] = [:]
        for (key, value) in claims {
            if let text = value as? String { sendable[key] = text } else if let number = value as? NSNumber { sendable[key] = number.doubleValue }
        }
        return sendable
    }
}
