import Crypto
import FluentKit
import FluentSQL
import Foundation

/// Records read accesses (a photo viewed, a person looked up). A caller resumes only once its
/// record is durable, and gets the error if it is not, so nothing is released unlogged.
///
/// Durable means in this process's `AuditSpool` file, with group commit: entries arriving
/// while a frame is written wait and go together into the next one. The spool is drained
/// into the database's hash chain shortly after (`drainDelay`), many frames per transaction,
/// and at once when someone reads the log (`settle`). After a crash the next start chains
/// what the spool held beyond the database's mark (`recoverAbandonedSpools`).
/// Accesses that change data (redeeming a grant) append in their own transaction instead.
public actor AuditJournal {
    private let chain: AuditChain
    private let library: PhotoLibrary
    private let database: @Sendable () -> any Database
    private let directory: URL
    private let key: SealingKey
    private let drainDelay: Duration
    /// Entries that may wait for the database at once (spooled, or queued for the spool);
    /// beyond it accesses are refused rather than memory growing while the database is away.
    private let maximumWaiting: Int
    private var waiting = 0
    private let logger: Logger
    /// Blocking file work, in order, off the cooperative threads.
    private let disk = DispatchQueue(label: "photoonce.audit-spool")

    private var spool: AuditSpool?
    private var pending: [(entry: AuditEntry, waiter: CheckedContinuation<Void, any Error>)] = []
    private var writing = false
    /// Frames on disk but not yet in the database, oldest first.
    private var undrained: [AuditSpool.Frame] = []
    private var written: UInt64 = 0
    private var drained: UInt64 = 0
    private var draining = false
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private var drainScheduled = false

    /// A drain chains at most this many entries in one transaction.
    static let entriesPerDrain = 5000
    /// The spool is emptied after a drain once it is this large and all of it is chained.
    static let spoolBytesToEmpty = 8 << 20

    public init(chain: AuditChain, library: PhotoLibrary, database: @escaping @Sendable () -> any Database,
                spoolDirectory: URL, masterKey: MasterKey, drainDelay: Duration = .milliseconds(200),
                maximumWaiting: Int = 500_000, logger: Logger) {
        self.chain = chain
        self.library = library
        self.database = database
        directory = spoolDirectory
        key = SealingKey(masterKey.derive("audit-spool"))
        self.drainDelay = drainDelay
        self.maximumWaiting = maximumWaiting
        self.logger = logger
    }

    public func record(_ entry: AuditEntry) async throws {
        guard waiting < maximumWaiting else {
            throw AuditUnavailable(reason: "\(waiting) accesses already wait for the database to take them")
        }
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            pending.append((entry, waiter))
            waiting += 1
            if !writing {
                writing = true
                Task { await writePending() }
            }
        }
    }

    /// Returns once everything recorded before the call is in the database's chain, for
    /// readers of the log (searches, a citizen's access history, the chain check).
    public func settle() async throws {
        let target = written
        while drained < target { try await drainOnce() }
    }

    /// Chains what is left and deletes the spool file; for a graceful shutdown. If the
    /// database cannot be reached, the file stays for the next start.
    public func close() async {
        do {
            // Until nothing is in flight: the HTTP server has stopped, but be sure.
            repeat {
                while writing || !pending.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
                try await settle()
            } while writing || !pending.isEmpty || !undrained.isEmpty
            if let spool {
                // A spool opened after this one numbers its batches from 1 again.
                self.spool = nil
                written = 0
                drained = 0
                try await onDisk { try spool.remove() }
                try await deleteMark(spool.id)
            }
        } catch {
            logger.error("audit spool kept for the next start: \(error)")
        }
    }

    /// Chains the frames that spools of stopped or crashed processes hold beyond their marks,
    /// then deletes those files. Spools locked by a live process are left alone. A damaged
    /// file (not just a torn last write) is chained up to the damage and moved aside.
    /// Returns the number of entries chained.
    @discardableResult
    public func recoverAbandonedSpools() async throws -> Int {
        var recovered = 0
        for url in AuditSpool.files(in: directory) {
            guard let abandoned = try await onDisk({ [key] in try AuditSpool.adopt(url, key: key.key) }) else { continue }
            let contents = try await onDisk { try abandoned.contents() }
            let mark = try await self.mark(abandoned.id)
            let frames = contents.frames.filter { $0.batch > mark }
            for chunk in Self.chunks(frames) {
                try await commit(chunk, spoolID: abandoned.id)
                recovered += chunk.reduce(0) { $0 + $1.entries.count }
            }
            if let unreadable = contents.unreadable, !unreadable.torn {
                let kept = try await onDisk { try abandoned.setAside() }
                logger.error("audit spool \(url.lastPathComponent) is damaged at byte \(unreadable.offset) (\(unreadable.bytes) bytes unreadable); the frames before it are chained and the file is kept as \(kept.path)")
            } else {
                try await onDisk { try abandoned.remove() }
                try await deleteMark(abandoned.id)
            }
            if !frames.isEmpty {
                logger.notice("chained \(frames.reduce(0) { $0 + $1.entries.count }) audit entries left in \(url.lastPathComponent) by a process that stopped before draining it")
            }
        }
        return recovered
    }

    private func writePending() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let entries = batch.map(\.entry)
            do {
                let spool = try await openSpool()
                let number = try await onDisk { try spool.append(entries) }
                undrained.append(AuditSpool.Frame(batch: number, entries: entries))
                written = number
                batch.forEach { $0.waiter.resume() }
                scheduleDrain(after: drainDelay)
            } catch {
                waiting -= batch.count
                logger.error("audit spool write failed; \(batch.count) accesses refused: \(error)")
                let refusal = AuditUnavailable(reason: String(describing: error))
                batch.forEach { $0.waiter.resume(throwing: refusal) }
            }
        }
        writing = false
    }

    private func openSpool() async throws -> AuditSpool {
        if let spool { return spool }
        let created = try await onDisk { [directory, key] in try AuditSpool.create(in: directory, key: key.key) }
        spool = created
        return created
    }

    private func scheduleDrain(after delay: Duration) {
        guard !drainScheduled else { return }
        drainScheduled = true
        Task {
            try? await Task.sleep(for: delay)
            await drainScheduledFrames()
        }
    }

    private func drainScheduledFrames() async {
        drainScheduled = false
        do {
            while !undrained.isEmpty { try await drainOnce() }
        } catch {
            // The entries are safe in the spool; try again later.
            logger.error("audit entries wait in the spool: the database refused them: \(error)")
            scheduleDrain(after: .seconds(1))
        }
    }

    /// Chains the oldest undrained frames in one transaction (one drain at a time).
    private func drainOnce() async throws {
        while draining { await withCheckedContinuation { drainWaiters.append($0) } }
        guard let spool, let first = Self.chunks(undrained).first else { return }
        draining = true
        defer {
            draining = false
            let waiters = drainWaiters
            drainWaiters = []
            waiters.forEach { $0.resume() }
        }
        try await commit(first, spoolID: spool.id)
        undrained.removeFirst(first.count)
        waiting -= first.reduce(0) { $0 + $1.entries.count }
        drained = first[first.count - 1].batch
        if undrained.isEmpty, !writing, spool.size >= Self.spoolBytesToEmpty {
            try await onDisk { try spool.truncate() }
        }
    }

    private func commit(_ frames: [AuditSpool.Frame], spoolID: String) async throws {
        guard let last = frames.last?.batch else { return }
        let entries = frames.flatMap(\.entries)
        try await library.transaction(on: database()) { [chain] db in
            _ = try await chain.append(entries, on: db)
            guard let sql = db as? any SQLDatabase else { throw AuditError.notSQL }
            try await sql.raw("""
                INSERT INTO audit_spool_marks (spool, batch) VALUES (\(bind: spoolID), \(bind: Int64(last)))
                ON CONFLICT (spool) DO UPDATE SET batch = excluded.batch
                """).run()
        }
    }

    private func mark(_ spoolID: String) async throws -> UInt64 {
        guard let sql = database() as? any SQLDatabase else { throw AuditError.notSQL }
        let row = try await sql.raw("SELECT batch FROM audit_spool_marks WHERE spool = \(bind: spoolID)").first()
        return try row.map { UInt64(try $0.decode(column: "batch", as: Int64.self)) } ?? 0
    }

    /// Run after the file is gone: a mark without its file is harmless, the reverse is not.
    private func deleteMark(_ spoolID: String) async throws {
        guard let sql = database() as? any SQLDatabase else { throw AuditError.notSQL }
        try await sql.raw("DELETE FROM audit_spool_marks WHERE spool = \(bind: spoolID)").run()
    }

    /// Runs of whole frames of at most `entriesPerDrain` entries (one frame may exceed it).
    private static func chunks(_ frames: [AuditSpool.Frame]) -> [[AuditSpool.Frame]] {
        var chunks: [[AuditSpool.Frame]] = []
        var current: [AuditSpool.Frame] = []
        var count = 0
        for frame in frames {
            if !current.isEmpty, count + frame.entries.count > entriesPerDrain {
                chunks.append(current)
                current = []
                count = 0
            }
            current.append(frame)
            count += frame.entries.count
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private func onDisk<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            disk.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// An access could not be made durable in the audit log, so its data must not be released.
public struct AuditUnavailable: Error, CustomStringConvertible {
    /// The file system's reason (for the log; it names server paths).
    public let reason: String
    public var description: String { "the audit log cannot be written: \(reason)" }
}
