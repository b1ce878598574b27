import PhotoStore
import Vapor

/// Opens the audit journal once the database is migrated, first chaining what crashed or
/// stopped processes left in their spools, and drains it when the application shuts down
/// (after the HTTP server has stopped taking requests, before the database closes).
enum AuditJournalLifecycle {
    static func start(in app: Application, masterKey: MasterKey) async throws {
        let configuration = app.photoOnceConfiguration
        let journal = AuditJournal(chain: app.auditChain, library: app.library, database: { [unowned app] in app.db },
                                   spoolDirectory: configuration.auditSpoolDirectory, masterKey: masterKey,
                                   drainDelay: .milliseconds(configuration.auditDrainMilliseconds), logger: app.logger)
        try await journal.recoverAbandonedSpools()
        app.auditJournal = journal
        app.lifecycle.use(Shutdown(journal: journal))
    }

    private struct Shutdown: LifecycleHandler {
        let journal: AuditJournal
        func shutdownAsync(_ application: Application) async { await journal.close() }
    }
}
