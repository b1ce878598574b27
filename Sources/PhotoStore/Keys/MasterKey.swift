import Crypto
import Foundation

/// The one secret a node is configured with; every working key is derived from it with
/// HKDF, one per purpose, so a leaked blob key says nothing about identity numbers.
/// Kept in a file readable by its owner only (0600), created on first start.
public struct MasterKey: Sendable {
    private let material: SealingKey
    private var key: SymmetricKey { material.key }

    public init(bytes: [UInt8]) throws(KeyFileError) {
        guard bytes.count == 32 else { throw .wrongLength(bytes.count) }
        material = SealingKey(SymmetricKey(data: bytes))
    }

    /// Reads the key file, or creates it with 32 random bytes (hex) when it does not exist.
    public static func loadOrCreate(at url: URL) throws -> MasterKey {
        let path = url.path
        if FileManager.default.fileExists(atPath: path) {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
                throw KeyFileError.readableByOthers(path: path, mode: mode)
            }
            let text = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = [UInt8](hex: text) else { throw KeyFileError.notHex(path: path) }
            return try MasterKey(bytes: bytes)
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { [UInt8]($0) }
        // O_EXCL: two servers starting at once must not each write a different key.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return try loadOrCreate(at: url) }
            throw KeyFileError.cannotCreate(path: path, errno: errno)
        }
        defer { close(fd) }
        let text = Array((bytes.hex + "\n").utf8)
        guard write(fd, text, text.count) == text.count, fsync(fd) == 0 else { throw KeyFileError.cannotCreate(path: path, errno: errno) }
        return try MasterKey(bytes: bytes)
    }

    /// A 256-bit key for one purpose ("blob-encryption", "identity-lookup", …).
    public func derive(_ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, salt: Array("photoonce-v1".utf8), info: Array(purpose.utf8), outputByteCount: 32)
    }
}

public enum KeyFileError: Error, CustomStringConvertible {
    case wrongLength(Int)
    case notHex(path: String)
    case readableByOthers(path: String, mode: Int)
    case cannotCreate(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .wrongLength(count): "the master key must be 32 bytes, not \(count)"
        case let .notHex(path): "\(path) does not hold a master key (64 hexadecimal characters)"
        case let .readableByOthers(path, mode): "\(path) is readable by others (mode \(String(mode, radix: 8))); run chmod 600 \(path)"
        case let .cannotCreate(path, code): "cannot create the master key file \(path): \(String(cString: strerror(code)))"
        }
    }
}

extension [UInt8] {
    init?(hex: String) {
        let characters = Array(hex.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let byte = UInt8(String(decoding: characters[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self = bytes
    }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits a byte. Built from a digit table: every audited
    /// photo view hashes its record, and `String(format:)` per byte cost 8 % of a
    /// download's CPU.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
