import Crypto

/// A `SymmetricKey` that can cross concurrency domains. swift-crypto 3 does not mark the
/// key Sendable, but it is an immutable value (its storage is never mutated after creation).
struct SealingKey: @unchecked Sendable {
    let key: SymmetricKey
    init(_ key: SymmetricKey) { self.key = key }
}
