import Foundation

/// Where photo bytes live: addressed by content, encrypted at rest. The filesystem store is
/// the default; an S3-compatible one can stand in behind the same protocol.
public protocol BlobStore: Sendable {
    /// Stores `bytes` durably (on disk before returning) and returns their address. Storing
    /// the same bytes twice stores them once.
    func put(_ bytes: [UInt8]) throws -> BlobAddress
    /// The plaintext bytes at `address`.
    func get(_ address: BlobAddress) throws -> [UInt8]
    func exists(_ address: BlobAddress) -> Bool
    func delete(_ address: BlobAddress) throws
    /// Every stored address with when it was written, for consistency checks.
    func inventory() throws -> [(address: BlobAddress, modified: Date)]
}

/// 64 lowercase hex characters naming a blob.
public struct BlobAddress: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    public init?(_ value: String) {
        guard value.count == 64, value.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.value = value
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = BlobAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a blob address"))
        }
        self = address
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}

public enum BlobError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case notSealed
    case unknownKeyGeneration(UInt8)
    case authenticationFailed
    case io(String)

    public var description: String {
        switch self {
        case let .notFound(address): "blob \(address) is missing"
        case .notSealed: "the blob is not in the sealed format"
        case let .unknownKeyGeneration(generation): "the blob was sealed with key generation \(generation), which this node does not have"
        case .authenticationFailed: "the blob failed authentication: it was altered or sealed with another key"
        case let .io(message): message
        }
    }
}
