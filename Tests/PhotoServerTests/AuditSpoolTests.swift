import Fluent
import Foundation
@testable import PhotoServer
@testable import PhotoStore
import SQLKit
import Testing
import Vapor

extension ServerTests {
    /// The audit journal's spool: accesses are durable in a file before the database has
    /// them, and whatever a stopped process left there is chained once, and only once.
    @Suite struct AuditSpoolTests {
        static func entry(_ n: Int) -> AuditEntry {
            AuditEntry(actorKind: .system, actorID: "spooled-\(n)", action: AuditAction.photoView)
        }

        static func spooledRecords(_ library: TestLibrary) async throws -> [AuditRecord] {
            try await AuditRecord.query(on: library.app.db).filter(\.$actorID ~~ (0..<100).map { "spooled-\($0)" }).sort(\.$seq).all()
        }

        static func journal(_ library: TestLibrary, folder: URL, drainDelay: Duration, maximumWaiting: Int = 500_000) throws -> AuditJournal {
            let app = library.app
            return AuditJournal(chain: app.auditChain, library: app.library, database: { app.db }, spoolDirectory: folder,
                                masterKey: try MasterKey.loadOrCreate(at: app.photoOnceConfiguration.resolvedMasterKeyFile),
                                drainDelay: drainDelay, maximumWaiting: maximumWaiting, logger: app.logger)
        }

        /// Recorded accesses wait in the spool file (the database has none of them yet);
        /// a reader's `settle` chains them all; closing chains the rest and deletes the file.
        @Test func accessesAreDurableInTheSpoolAndChainedWhenTheLogIsRead() async throws {
            try await TestLibrary.with { library in
                let folder = library.dataDirectory.appendingPathComponent("spool-test")
                let journal = try Self.journal(library, folder: folder, drainDelay: .seconds(3600))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 0..<40 { group.addTask { try await journal.record(Self.entry(n)) } }
                    try await group.waitForAll()
                }
                #expect(try await Self.spooledRecords(library).isEmpty, "nothing reaches the database before the drain")
                let files = AuditSpool.files(in: folder)
                #expect(files.count == 1)
                let size = try #require(try FileManager.default.attributesOfItem(atPath: files[0].path)[.size] as? Int)
                #expect(size > 40 * 50, "every entry is in the file")

                try await journal.record(Self.entry(40))
                try await journal.settle()
                let records = try await Self.spooledRecords(library)
                #expect(Set(records.map(\.actorID)) == Set((0...40).map { "spooled-\($0)" }))
                #expect(try await library.app.auditChain.verify(on: library.app.db).intact)

                try await journal.record(Self.entry(41))
                await journal.close()
                #expect(AuditSpool.files(in: folder).isEmpty, "a graceful close leaves no spool behind")
                #expect(try await Self.spooledRecords(library).count == 42)
            }
        }

        /// A view whose record cannot be written (here the spool's folder is a file) is
        /// refused with 503 and no bytes; once the log can be written again, it is served.
        @Test func aPhotoIsNotReleasedWhenItsViewCannotBeRecorded() async throws {
            try await TestLibrary.with { library in
                let upload = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                let url = try #require((upload.json["photos"] as? [[String: Any]])?.first?["url"] as? String)
                let working = library.app.auditJournal
                let blocked = library.dataDirectory.appendingPathComponent("not-a-folder")
                try Data("x".utf8).write(to: blocked)
                library.app.auditJournal = try Self.journal(library, folder: blocked, drainDelay: .milliseconds(200))
                let refused = try await library.send(.GET, url, as: "operatorA")
                #expect(refused.status == .serviceUnavailable && refused.errorCode == "audit_unavailable")
                #expect((refused.json["message"] as? String)?.contains("nothing was released") == true)
                #expect(refused.headers.contentType == .json && refused.body.readableBytes < 1000)
                #expect(!(refused.json["message"] as? String ?? "").contains(blocked.path), "server paths stay in the log")
                library.app.auditJournal = working
                #expect(try await library.send(.GET, url, as: "operatorA").status == .ok)
            }
        }

        /// While the database does not take the spooled entries, at most `maximumWaiting`
        /// wait; further accesses are refused (not queued in memory) until it catches up.
        @Test func accessesAreRefusedOnceTooManyWaitForTheDatabase() async throws {
            try await TestLibrary.with { library in
                let folder = library.dataDirectory.appendingPathComponent("spool-test")
                let journal = try Self.journal(library, folder: folder, drainDelay: .seconds(3600), maximumWaiting: 10)
                for n in 0..<10 { try await journal.record(Self.entry(n)) }
                await #expect(throws: AuditUnavailable.self) { try await journal.record(Self.entry(10)) }
                try await journal.settle()
                try await journal.record(Self.entry(11))
                await journal.close()
                #expect(try await Self.spooledRecords(library).map(\.actorID) == (0..<10).map { "spooled-\($0)" } + ["spooled-11"])
            }
        }

        /// What a crash leaves: a spool whose first frame the database already holds (its
        /// mark says so), two more frames, and a torn last write. Recovery chains exactly
        /// the two frames, deletes the file and its mark, and a second recovery finds nothing.
        @Test func aCrashedProcessesSpoolIsChainedExactlyOnce() async throws {
            try await TestLibrary.with { library in
                let folder = library.dataDirectory.appendingPathComponent("spool-test")
                let key = try MasterKey.loadOrCreate(at: library.app.photoOnceConfiguration.resolvedMasterKeyFile).derive("audit-spool")
                let spool = try AuditSpool.create(in: folder, key: key)
                #expect(try spool.append([Self.entry(0), Self.entry(1)]) == 1)
                #expect(try spool.append([Self.entry(2)]) == 2)
                #expect(try spool.append([Self.entry(3), Self.entry(4), Self.entry(5)]) == 3)
                let spoolID = spool.id
                spool.close()
                // The first frame was chained before the crash, with its mark.
                try await library.app.library.transaction(on: library.app.db) { db in
                    try await library.app.auditChain.append([Self.entry(0), Self.entry(1)], on: db)
                    try await (db as! any SQLDatabase).raw("INSERT INTO audit_spool_marks (spool, batch) VALUES (\(bind: spoolID), 1)").run()
                }
                // A write torn by the crash: a header promising more than was written.
                let handle = try FileHandle(forWritingTo: folder.appendingPathComponent("\(spoolID).spool"))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("PAJ1".utf8) + Data([4, 0, 0, 0, 0, 0, 0, 0, 200, 0, 0, 0]) + Data(repeating: 7, count: 30))
                try handle.close()

                let journal = try Self.journal(library, folder: folder, drainDelay: .seconds(3600))
                #expect(try await journal.recoverAbandonedSpools() == 4)
                let records = try await Self.spooledRecords(library)
                #expect(records.map(\.actorID) == (0...5).map { "spooled-\($0)" }, "each entry once, in order")
                #expect(AuditSpool.files(in: folder).isEmpty)
                let marks = try await (library.app.db as! any SQLDatabase).raw("SELECT spool FROM audit_spool_marks").all()
                #expect(marks.isEmpty)
                #expect(try await journal.recoverAbandonedSpools() == 0)
                #expect(try await library.app.auditChain.verify(on: library.app.db).intact)
            }
        }

        /// A spool held by a live process is not touched; a frame altered on disk is found by
        /// its seal: the frames before it are chained, the file is kept aside for an operator.
        @Test func liveSpoolsAreLeftAloneAndADamagedOneIsSetAside() async throws {
            try await TestLibrary.with { library in
                let folder = library.dataDirectory.appendingPathComponent("spool-test")
                let key = try MasterKey.loadOrCreate(at: library.app.photoOnceConfiguration.resolvedMasterKeyFile).derive("audit-spool")
                let live = try AuditSpool.create(in: folder, key: key)
                _ = try live.append([Self.entry(0)])
                let journal = try Self.journal(library, folder: folder, drainDelay: .seconds(3600))
                #expect(try await journal.recoverAbandonedSpools() == 0, "the live spool is locked")
                #expect(AuditSpool.files(in: folder) == [live.url])

                _ = try live.append([Self.entry(1)])
                _ = try live.append([Self.entry(2)])
                live.close()
                // Flip one byte inside the second frame's sealed box.
                var bytes = try [UInt8](Data(contentsOf: live.url))
                let firstFrame = bytes.count / 3
                bytes[firstFrame + 30] ^= 0xFF
                try Data(bytes).write(to: live.url)

                #expect(try await journal.recoverAbandonedSpools() == 1)
                #expect(try await Self.spooledRecords(library).map(\.actorID) == ["spooled-0"])
                #expect(AuditSpool.files(in: folder).isEmpty)
                #expect(FileManager.default.fileExists(atPath: live.url.deletingPathExtension().appendingPathExtension("damaged").path))
            }
        }
    }
}
