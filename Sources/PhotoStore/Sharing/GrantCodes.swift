import Crypto
import Foundation

/// Authorization codes: random, typed by people (so without 0/O, 1/I/L, 5/S, 2/Z), shown in
/// two groups of five, found by a keyed hash so a copy of the database reveals none.
public struct GrantCodes: Sendable {
    /// 27 characters a person will not confuse when reading a code aloud or off a phone.
    public static let alphabet = Array("346789ABCDEFGHJKMNPQRTUVWXY")
    /// Ten characters: about 47 bits, redeemable for minutes and rate-limited.
    public static let length = 10
    private let key: SealingKey

    public init(masterKey: MasterKey) {
        key = SealingKey(masterKey.derive("grant-codes"))
    }

    /// A new code, e.g. `K7QMA-4XR9C`.
    public static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(characters.prefix(length / 2)) + "-" + String(characters.suffix(length - length / 2))
    }

    /// The code as stored for lookup: upper case, without spaces or dashes.
    public static func normalised(_ typed: String) -> String {
        String(typed.uppercased().filter { $0 != "-" && $0 != " " && !$0.isNewline && $0 != "\t" })
    }

    /// Whether `typed` could be a code at all (so nonsense is refused before any lookup).
    public static func isWellFormed(_ typed: String) -> Bool {
        let code = normalised(typed)
        return code.count == length && code.allSatisfy(alphabet.contains)
    }

    public func lookupHash(_ typed: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(Self.normalised(typed).utf8), using: key.key)).hex
    }
}
