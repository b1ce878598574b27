import Crypto
import Fluent
import Foundation
import PhotoStore
import Vapor

/// HMAC-SHA256 request signing for department systems.
///
/// The client sends four headers:
/// - `X-PhotoOnce-Key-Id`: the key id from `photoonce departments credentials add`;
/// - `X-PhotoOnce-Timestamp`: Unix time in seconds; within ±300 s of the server's clock;
/// - `X-PhotoOnce-Nonce`: 16–64 characters of `A–Z a–z 0–9 - _`, new for every request;
/// - `X-PhotoOnce-Signature`: lowercase hex of HMAC-SHA256(secret, string to sign), where the
///   string to sign is the lines `METHOD`, `PATH` (path and query exactly as sent),
///   `TIMESTAMP`, `NONCE` and the lowercase hex SHA-256 of the body (of nothing for an empty
///   body), joined by "\n" with no trailing newline.
///
/// A signature is accepted once: it is remembered until its timestamp leaves the window.
enum RequestSignature {
    static let window: TimeInterval = 300
    static let keyHeader = "X-PhotoOnce-Key-Id"
    static let timestampHeader = "X-PhotoOnce-Timestamp"
    static let nonceHeader = "X-PhotoOnce-Nonce"
    static let signatureHeader = "X-PhotoOnce-Signature"

    static func stringToSign(method: String, path: String, timestamp: String, nonce: String, body: [UInt8]) -> String {
        [method.uppercased(), path, timestamp, nonce, lowercaseHex(SHA256.hash(data: body))].joined(separator: "\n")
    }

    static func signature(secret: String, method: String, path: String, timestamp: String, nonce: String, body: [UInt8]) -> String {
        let message = stringToSign(method: method, path: path, timestamp: timestamp, nonce: nonce, body: body)
        return lowercaseHex(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    static func refused(_ code: String, _ message: String) -> APIError {
        APIError(status: .unauthorized, code: code, message: message)
    }

    /// The department system that signed `request`, after every check; throws 401 with
    /// `signature_missing`, `signature_invalid`, `signature_stale` or `signature_replayed`.
    static func verify(_ request: Request, now: Date = Date()) async throws -> (DepartmentCredential, Department) {
        let headers = request.headers
        guard let keyID = headers.first(name: keyHeader), let timestamp = headers.first(name: timestampHeader),
              let nonce = headers.first(name: nonceHeader), let signature = headers.first(name: signatureHeader) else {
            throw refused("signature_missing", "sign the request: send \(keyHeader), \(timestampHeader), \(nonceHeader) and \(signatureHeader) (see the API document)")
        }
        guard let seconds = Double(timestamp), abs(now.timeIntervalSince1970 - seconds) <= window else {
            throw refused("signature_stale", "the timestamp is more than \(Int(window)) seconds from the server's clock (Unix seconds expected); check the system's clock")
        }
        guard (16...64).contains(nonce.count), nonce.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw refused("signature_invalid", "the nonce must be 16–64 letters, digits, dashes or underscores")
        }
        guard let credential = try await DepartmentCredential.query(on: request.db).filter(\.$keyID == keyID).filter(\.$active == true)
            .with(\.$department).first(), credential.department.active else {
            throw refused("signature_invalid", "the key id is unknown or withdrawn")
        }
        guard let sealed = Data(base64Encoded: credential.secretSealed) else { throw refused("signature_invalid", "the key cannot be used") }
        let secret = String(decoding: try request.library.sealer.open([UInt8](sealed)), as: UTF8.self)
        let body = request.body.data.map { Array($0.readableBytesView) } ?? []
        let path = request.url.query.map { request.url.path + "?" + $0 } ?? request.url.path
        let expected = Self.signature(secret: secret, method: request.method.rawValue, path: path, timestamp: timestamp, nonce: nonce, body: body)
        guard constantTimeEquals(expected, signature.lowercased()) else {
            throw refused("signature_invalid", "the signature does not match; sign METHOD, PATH, TIMESTAMP, NONCE and the body's SHA-256 as the API document says")
        }
        let digest = lowercaseHex(SHA256.hash(data: Data("\(keyID):\(signature.lowercased())".utf8)))
        let expiry = Date(timeIntervalSince1970: seconds + window + 1)
        do {
            try await request.library.transaction(on: request.db) { db in
                try await SeenSignature.query(on: db).filter(\.$expiresAt < now).delete()
                if try await SeenSignature.query(on: db).filter(\.$digest == digest).count() > 0 { throw Self.replayed }
                try await SeenSignature(digest: digest, expiresAt: expiry).create(on: db)
            }
        } catch let error as APIError {
            throw error
        } catch {
            // The unique index refused a second insert: the same signature arrived twice at once.
            if try await SeenSignature.query(on: request.db).filter(\.$digest == digest).count() > 0 { throw Self.replayed }
            throw error
        }
        return (credential, credential.department)
    }

    static let replayed = refused("signature_replayed", "this signed request was already received; sign every request with a new nonce")

    static func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
