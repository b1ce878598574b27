import Foundation

/// Blobs as files under `root/ab/cd/<address>`, sealed with `BlobSealer`. A write goes to a
/// temporary file, is fsynced, renamed into place and its folder fsynced, so after a crash
/// a blob is either wholly there or not at all.
public struct FileBlobStore: BlobStore {
    public let root: URL
    private let sealer: BlobSealer
    private var temporary: URL { root.appendingPathComponent("tmp", isDirectory: true) }

    public init(root: URL, sealer: BlobSealer) throws {
        self.root = root
        self.sealer = sealer
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    /// The file holding `address` (for operators and consistency checks).
    public func location(of address: BlobAddress) -> URL {
        let value = address.value
        return root.appendingPathComponent(String(value.prefix(2)), isDirectory: true)
            .appendingPathComponent(String(value.dropFirst(2).prefix(2)), isDirectory: true)
            .appendingPathComponent(value)
    }

    public func put(_ bytes: [UInt8]) throws -> BlobAddress {
        let address = sealer.address(of: bytes)
        let target = location(of: address)
        if FileManager.default.fileExists(atPath: target.path) { return address }
        let folder = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let staging = temporary.appendingPathComponent(UUID().uuidString)
        try Self.writeSynced(try sealer.seal(bytes), to: staging)
        guard rename(staging.path, target.path) == 0 else {
            let code = errno
            unlink(staging.path)
            throw BlobError.io("cannot move blob into place: \(String(cString: strerror(code)))")
        }
        try Self.syncFolder(folder)
        return address
    }

    public func get(_ address: BlobAddress) throws -> [UInt8] {
        let path = location(of: address).path
        guard let data = FileManager.default.contents(atPath: path) else { throw BlobError.notFound(address.value) }
        return try sealer.open([UInt8](data))
    }

    public func exists(_ address: BlobAddress) -> Bool {
        FileManager.default.fileExists(atPath: location(of: address).path)
    }

    public func delete(_ address: BlobAddress) throws {
        let target = location(of: address)
        guard unlink(target.path) == 0 || errno == ENOENT else {
            throw BlobError.io("cannot delete blob \(address): \(String(cString: strerror(errno)))")
        }
        try Self.syncFolder(target.deletingLastPathComponent())
    }

    public func inventory() throws -> [(address: BlobAddress, modified: Date)] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey, .isRegularFileKey]) else { return [] }
        var found: [(BlobAddress, Date)] = []
        for case let url as URL in walker {
            guard let address = BlobAddress(url.lastPathComponent) else { continue }
            let values = try url.resourceValues(forKeys: [.contentModificationDateKey])
            found.append((address, values.contentModificationDate ?? .distantPast))
        }
        return found
    }

    /// Leftovers of writes a crash interrupted (never renamed into place).
    public func removeStaleTemporaries() throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] {
            unlink(temporary.appendingPathComponent(name).path)
        }
    }

    static func writeSynced(_ bytes: [UInt8], to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw BlobError.io("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard result > 0 else { throw BlobError.io("cannot write \(url.path): \(String(cString: strerror(errno)))") }
            written += result
        }
        guard fsync(fd) == 0 else { throw BlobError.io("cannot sync \(url.path): \(String(cString: strerror(errno)))") }
    }

    static func syncFolder(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw BlobError.io("cannot open folder \(url.path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw BlobError.io("cannot sync folder \(url.path)") }
    }
}
