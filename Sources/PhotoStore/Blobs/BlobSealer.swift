import Crypto
import Foundation

/// Encryption at rest for stored bytes: AES-256-GCM with a random nonce per blob. The
/// envelope starts with a magic and the key generation, so keys can be rotated later
/// without guessing which key sealed an old blob.
public struct BlobSealer: Sendable {
    static let magic: [UInt8] = Array("POB".utf8)
    static let generation: UInt8 = 1
    private let key: SealingKey
    /// Names blobs by content without revealing it: HMAC of the plaintext.
    private let addressKey: SealingKey

    public init(masterKey: MasterKey) {
        key = SealingKey(masterKey.derive("blob-encryption"))
        addressKey = SealingKey(masterKey.derive("blob-address"))
    }

    public func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key.key)
        return Self.magic + [Self.generation] + Array(box.combined!)
    }

    public func open(_ sealed: [UInt8]) throws(BlobError) -> [UInt8] {
        let header = Self.magic.count + 1
        guard sealed.count > header + 28, Array(sealed.prefix(Self.magic.count)) == Self.magic else { throw .notSealed }
        guard sealed[Self.magic.count] == Self.generation else { throw .unknownKeyGeneration(sealed[Self.magic.count]) }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed[header...])
            return Array(try AES.GCM.open(box, using: key.key))
        } catch {
            throw .authenticationFailed
        }
    }

    /// The content address of `plaintext`: 64 hex characters.
    public func address(of plaintext: [UInt8]) -> BlobAddress {
        BlobAddress(Data(HMAC<SHA256>.authenticationCode(for: plaintext, using: addressKey.key)).hex)!
    }
}
