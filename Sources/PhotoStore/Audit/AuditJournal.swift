import FluentKit
import Foundation

/// Records read accesses (a photo viewed, a person looked up) with group commit: entries
/// arriving while a batch commits wait and go together into the next transaction, so many
/// concurrent reads share one durable write. A caller resumes only once its record is
/// committed, and gets the error if the commit fails, so nothing is released unlogged.
/// Accesses that change data (redeeming a grant) append in their own transaction instead.
public actor AuditJournal {
    private let chain: AuditChain
    private let library: PhotoLibrary
    private let database: @Sendable () -> any Database
    private var pending: [(entry: AuditEntry, waiter: CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    public init(chain: AuditChain, library: PhotoLibrary, database: @escaping @Sendable () -> any Database) {
        self.chain = chain
        self.library = library
        self.database = database
    }

    public func record(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            pending.append((entry, waiter))
            if !flushing {
                flushing = true
                Task { await flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let entries = batch.map(\.entry)
            do {
                try await library.transaction(on: database()) { [chain] db in _ = try await chain.append(entries, on: db) }
                batch.forEach { $0.waiter.resume() }
            } catch {
                batch.forEach { $0.waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
