import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The audit journal's write-ahead file: one per server process, locked by it, holding
/// batches of accesses (frames) that are durable on disk but may not yet be in the database's
/// hash chain. Appending a frame is one write and one `fdatasync` (about 0.1 ms here), where
/// a chained database commit took about 3 ms; so readers wait for the disk, not the database.
///
/// A frame is `magic, batch number (UInt64 LE), length (UInt32 LE), AES-GCM box` whose
/// plaintext is the entries as JSON and whose authenticated data is the header, so a frame
/// cannot be altered or moved unnoticed. Batch numbers rise from 1 for the life of the file;
/// the database records the last batch it holds (`audit_spool_marks`), in the transaction
/// that chains it, so after a crash exactly the frames after that mark are chained again.
///
/// Not thread-safe by itself: `AuditJournal` calls it from one serial queue.
final class AuditSpool: @unchecked Sendable {
    struct Frame: Sendable {
        let batch: UInt64
        let entries: [AuditEntry]
    }

    /// What reading a file found: its whole frames, and where reading stopped if it did not
    /// reach the end (a torn last write after a crash, or damage).
    struct Contents {
        var frames: [Frame]
        var unreadable: (offset: Int, bytes: Int, torn: Bool)?
    }

    static let fileExtension = "spool"
    private static let magic = Array("PAJ1".utf8)
    private static let headerSize = 16

    /// The file's name without extension: the mark's key in the database.
    let id: String
    let url: URL
    private let key: SealingKey
    private var descriptor: Int32
    private(set) var size: Int
    private(set) var lastBatch: UInt64

    private init(id: String, url: URL, key: SealingKey, descriptor: Int32, size: Int, lastBatch: UInt64) {
        self.id = id
        self.url = url
        self.key = key
        self.descriptor = descriptor
        self.size = size
        self.lastBatch = lastBatch
    }

    deinit { close() }

    /// A new, empty spool in `directory`, locked for this process until closed.
    static func create(in directory: URL, key: SymmetricKey) throws -> AuditSpool {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let id = UUID().uuidString.lowercased()
        let url = directory.appendingPathComponent("\(id).\(fileExtension)")
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AuditSpoolError.io("cannot create \(url.path)", errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw AuditSpoolError.io("cannot lock \(url.path)", code)
        }
        // The file must survive a crash along with what is written to it.
        try FileBlobStore.syncFolder(directory)
        return AuditSpool(id: id, url: url, key: SealingKey(key), descriptor: descriptor, size: 0, lastBatch: 0)
    }

    /// The spool at `url` if no live process holds it (a crashed or stopped server's), else
    /// nil. Its frames are read with `contents()`.
    static func adopt(_ url: URL, key: SymmetricKey) throws -> AuditSpool? {
        let descriptor = open(url.path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw AuditSpoolError.io("cannot open \(url.path)", errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        let size = Int(lseek(descriptor, 0, SEEK_END))
        return AuditSpool(id: url.deletingPathExtension().lastPathComponent, url: url, key: SealingKey(key),
                          descriptor: descriptor, size: size, lastBatch: 0)
    }

    /// The spool files in `directory` (none if it does not exist).
    static func files(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".\(fileExtension)") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Appends `entries` as the next frame and makes it durable; returns its batch number.
    /// A failed write is cut off again, so the file never holds a torn frame followed by
    /// good ones.
    func append(_ entries: [AuditEntry]) throws -> UInt64 {
        guard descriptor >= 0 else { throw AuditSpoolError.closed }
        let batch = lastBatch + 1
        let frame = try Self.frame(batch: batch, entries: entries, key: key.key)
        var written = 0
        let failure: AuditSpoolError? = frame.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = pwrite(descriptor, buffer.baseAddress! + written, buffer.count - written, off_t(size + written))
                if n < 0 {
                    if errno == EINTR { continue }
                    return AuditSpoolError.io("cannot write to \(url.path)", errno)
                }
                written += n
            }
            return fdatasync(descriptor) == 0 ? nil : AuditSpoolError.io("cannot sync \(url.path)", errno)
        }
        if let failure {
            _ = ftruncate(descriptor, off_t(size))
            throw failure
        }
        size += frame.count
        lastBatch = batch
        return batch
    }

    /// Empties the file once every frame in it is in the database; batch numbers go on.
    func truncate() throws {
        guard descriptor >= 0 else { throw AuditSpoolError.closed }
        guard ftruncate(descriptor, 0) == 0, fsync(descriptor) == 0 else { throw AuditSpoolError.io("cannot empty \(url.path)", errno) }
        size = 0
    }

    /// Every whole frame from the start of the file, in order.
    func contents() throws -> Contents {
        guard descriptor >= 0 else { throw AuditSpoolError.closed }
        var bytes = [UInt8](repeating: 0, count: size)
        var read = 0
        while read < size {
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + read, size - read, off_t(read)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw AuditSpoolError.io("cannot read \(url.path)", errno) }
            read += n
        }
        var contents = Contents(frames: [], unreadable: nil)
        var offset = 0
        while offset < bytes.count {
            guard let (frame, length) = Self.parse(bytes, at: offset, key: key.key) else {
                // Only the last write can be torn: a write is cut off when it fails, and
                // nothing is appended after a crash. Anything else is damage.
                let torn = Self.frameEnd(bytes, at: offset).map { $0 >= bytes.count } ?? true
                contents.unreadable = (offset, bytes.count - offset, torn)
                break
            }
            contents.frames.append(frame)
            lastBatch = max(lastBatch, frame.batch)
            offset += length
        }
        return contents
    }

    /// Releases the lock; the file stays for the next start to recover.
    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Deletes the file (all of it chained) and releases the lock.
    func remove() throws {
        guard unlink(url.path) == 0 || errno == ENOENT else { throw AuditSpoolError.io("cannot delete \(url.path)", errno) }
        close()
        try FileBlobStore.syncFolder(url.deletingLastPathComponent())
    }

    /// Moves a damaged file aside (`.damaged`) for an operator to look at, and releases it.
    func setAside() throws -> URL {
        let target = url.deletingPathExtension().appendingPathExtension("damaged")
        guard rename(url.path, target.path) == 0 else { throw AuditSpoolError.io("cannot move \(url.path) aside", errno) }
        close()
        return target
    }

    private static func frame(batch: UInt64, entries: [AuditEntry], key: SymmetricKey) throws -> [UInt8] {
        let plaintext = try JSONEncoder().encode(entries)
        let boxLength = plaintext.count + 28  // nonce 12 + tag 16
        var header = magic
        withUnsafeBytes(of: batch.littleEndian) { header += $0 }
        withUnsafeBytes(of: UInt32(boxLength).littleEndian) { header += $0 }
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: header)
        guard let combined = box.combined, combined.count == boxLength else { throw AuditSpoolError.sealing }
        return header + combined
    }

    /// The end of the frame starting at `offset`, from its header, or nil if the header is cut off.
    private static func frameEnd(_ bytes: [UInt8], at offset: Int) -> Int? {
        guard bytes.count - offset >= headerSize else { return nil }
        let length = bytes[(offset + 12)..<(offset + 16)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return offset + headerSize + length
    }

    private static func parse(_ bytes: [UInt8], at offset: Int, key: SymmetricKey) -> (Frame, Int)? {
        guard let end = frameEnd(bytes, at: offset), end <= bytes.count,
              Array(bytes[offset..<(offset + 4)]) == magic else { return nil }
        let header = Array(bytes[offset..<(offset + headerSize)])
        let batch = header[4..<12].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard let box = try? AES.GCM.SealedBox(combined: bytes[(offset + headerSize)..<end]),
              let plaintext = try? AES.GCM.open(box, using: key, authenticating: header),
              let entries = try? JSONDecoder().decode([AuditEntry].self, from: plaintext) else { return nil }
        return (Frame(batch: batch, entries: entries), end - offset)
    }
}

enum AuditSpoolError: Error, CustomStringConvertible {
    case io(String, Int32)
    case closed
    case sealing

    var description: String {
        switch self {
        case let .io(what, code): "audit spool: \(what): \(String(cString: strerror(code)))"
        case .closed: "audit spool: the file is closed"
        case .sealing: "audit spool: a frame could not be sealed"
        }
    }
}
