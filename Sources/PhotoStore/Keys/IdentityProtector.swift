import Crypto
import Foundation

/// Identity numbers at rest: sealed with AES-GCM (so only the node can read them back)
/// and found again through a keyed hash (HMAC-SHA256), which reveals nothing without the key.
public struct IdentityProtector: Sendable {
    private let sealingKey: SealingKey
    private let lookupKey: SealingKey

    public init(masterKey: MasterKey) {
        sealingKey = SealingKey(masterKey.derive("identity-encryption"))
        lookupKey = SealingKey(masterKey.derive("identity-lookup"))
    }

    /// The value persons are looked up by: same identity, same hash; nothing else.
    public func lookupHash(_ identity: IdentityNumber) -> String {
        let message = Array("\(identity.type.rawValue):\(identity.number)".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: lookupKey.key)).hex
    }

    public func seal(_ identity: IdentityNumber) throws -> String {
        try AES.GCM.seal(Array(identity.number.utf8), using: sealingKey.key).combined!.base64EncodedString()
    }

    public func open(_ sealed: String, type: IdentityType) throws -> IdentityNumber {
        guard let data = Data(base64Encoded: sealed) else { throw CryptoKitError.incorrectParameterSize }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: sealingKey.key)
        return try IdentityNumber(type: type, number: String(decoding: plain, as: UTF8.self))
    }
}
