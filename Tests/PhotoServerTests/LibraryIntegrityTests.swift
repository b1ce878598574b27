import Fluent
import FluentSQLiteDriver
import Foundation
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    @Suite struct LibraryIntegrityTests {
        @Test func capturesSurviveARestart() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("photoonce-restart-\(UUID().uuidString)")
            var captureID = "", photoURL = "", sha = ""
            try await TestLibrary.with(dataDirectory: folder) { library in
                let response = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(response.status == .created)
                captureID = response.json["captureId"] as? String ?? ""
                let photo = (response.json["photos"] as? [[String: Any]])?.first { $0["spec"] as? String == "cn-id-card" }
                photoURL = photo?["url"] as? String ?? ""
                sha = photo?["sha256"] as? String ?? ""
            }
            let key = try Data(contentsOf: folder.appendingPathComponent("master.key"))
            try await TestLibrary.with(dataDirectory: folder, fresh: false) { library in
                #expect(try Data(contentsOf: folder.appendingPathComponent("master.key")) == key, "the master key is kept, not regenerated")
                let shown = try await library.send(.GET, "/api/v1/captures/\(captureID)", as: "cityAdmin")
                #expect(shown.status == .ok)
                let photo = try await library.send(.GET, photoURL, as: "cityAdmin")
                #expect(photo.status == .ok && photo.headers.first(name: .eTag) == "\"\(sha)\"")
            }
        }

        @Test func neitherIdentityNumbersNorJPEGBytesAppearInTheDatabaseOrBlobFolder() async throws {
            guard ProcessInfo.processInfo.environment["DATABASE_URL"] == nil else { return }  // reads the SQLite file itself
            try await TestLibrary.with { library in
                let response = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(response.status == .created)
                var photos: [[UInt8]] = []
                for link in response.json["photos"] as? [[String: Any]] ?? [] {
                    let served = try await library.send(.GET, link["url"] as! String, as: "operatorA")
                    photos.append(Array(served.body.readableBytesView))
                }
                #expect(photos.count >= 4)
                try await library.app.shutdownDatabaseConnectionsForInspection()
                var files: [URL] = []
                let walker = FileManager.default.enumerator(at: library.dataDirectory, includingPropertiesForKeys: nil)!
                for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url) }
                #expect(files.contains { $0.lastPathComponent == "photoonce.sqlite" })
                let number = Data(TestIdentity.alice.utf8), masked = Data(TestIdentity.alice.dropFirst(4).prefix(10).utf8)
                for file in files where file.lastPathComponent != "master.key" {
                    let contents = try Data(contentsOf: file)
                    #expect(contents.range(of: number) == nil, "\(file.lastPathComponent) holds the identity number")
                    #expect(contents.range(of: masked) == nil, "\(file.lastPathComponent) holds the number's middle digits")
                    for photo in photos {
                        // Any 64 bytes of entropy-coded JPEG data would give it away; the header too.
                        #expect(contents.range(of: Data(photo.prefix(20))) == nil, "\(file.lastPathComponent) holds a JPEG header")
                        #expect(contents.range(of: Data(photo[photo.count / 2 ..< photo.count / 2 + 64])) == nil, "\(file.lastPathComponent) holds JPEG data")
                    }
                }
            }
        }

        @Test func fsckFindsOrphansAndMissingBlobs() async throws {
            try await TestLibrary.with { library in
                let check = LibraryCheck(library: library.app.library)
                let response = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(response.status == .created)
                let clean = try await check.run(on: library.app.db, removeOrphans: true, grace: 0)
                #expect(clean.clean && clean.photos >= 4 && clean.blobs == clean.photos)

                // A blob written by an ingest that died before its commit.
                let orphan = try library.app.library.blobs.put(Array("left behind by a crash".utf8))
                let young = try await check.run(on: library.app.db, removeOrphans: true, grace: 600)
                #expect(young.orphans == [orphan.value] && young.removed.isEmpty, "a young orphan may be an ingest in flight")
                let swept = try await check.run(on: library.app.db, removeOrphans: true, grace: 0)
                #expect(swept.removed == [orphan.value])
                #expect(try await check.run(on: library.app.db, removeOrphans: false, grace: 0).clean)

                // A photo whose blob vanished, and one whose blob was altered.
                let photos = try await Photo.query(on: library.app.db).all()
                let store = try #require(library.app.library.blobs as? FileBlobStore)
                try FileManager.default.removeItem(at: store.location(of: BlobAddress(photos[0].blob)!))
                let target = store.location(of: BlobAddress(photos[1].blob)!)
                var sealed = try Data(contentsOf: target)
                sealed[sealed.count - 1] ^= 0xFF
                try sealed.write(to: target)
                let broken = try await check.run(on: library.app.db, removeOrphans: false, grace: 0)
                #expect(broken.missing == [try photos[0].requireID()])
                #expect(broken.damaged == [try photos[1].requireID()])
                #expect(!broken.clean)
            }
        }

        @Test func migrationsCreateTheSecondaryIndexes() async throws {
            try await TestLibrary.with { library in
                let sql = try #require(library.app.db as? any SQLDatabase)
                // MUT: the catalog of whichever database the library runs on
                let postgres = ProcessInfo.processInfo.environment["DATABASE_URL"] != nil
                let rows = try await sql.raw(postgres
                    ? "SELECT tablename AS tbl, indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema()"
                    : "SELECT tbl_name AS tbl, name, sql AS definition FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all()
                let found = try Dictionary(rows.map { (try $0.decode(column: "name", as: String.self),
                                                       (try $0.decode(column: "tbl", as: String.self), try $0.decode(column: "definition", as: String.self))) },
                                           uniquingKeysWith: { first, _ in first })
                // validation
                for (name, table, columns) in [("captures_person_id_status", "captures", ["person_id", "status"]), ("capture_logs_at", "capture_logs", ["at"]),
                                               ("capture_logs_site_code", "capture_logs", ["site_code"]), ("photos_blob", "photos", ["blob"])] {
                    let index = try #require(found[name], "index \(name) is missing")
                    #expect(index.0 == table)
                    #expect(index.1.replacingOccurrences(of: "\"", with: "").contains("(\(columns.joined(separator: ", ")))"), "\(index.1)")
                }
            }
        }

        @Test func purgeListsAndDeletesMastersPastRetention() async throws {
            try await TestLibrary.with { library in
                let old = Date().addingTimeInterval(-400 * 86_400)
                let response = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(capturedAt: old), as: "operatorA")
                #expect(response.status == .created)
                _ = try await library.upload(try TestImaging.fixture("portrait.png"), metadata: TestLibrary.metadata(number: TestIdentity.bob), as: "operatorA")
                let purge = RetentionPurge(library: library.app.library, retentionDays: 365)
                let candidates = try await purge.candidates(on: library.app.db)
                #expect(candidates.count == 1)
                #expect(candidates.first?.captureID.uuidString == response.json["captureId"] as? String)
                #expect(try await Photo.query(on: library.app.db).filter(\.$spec == "master").count() == 2, "a dry run deletes nothing")
                let deleted = try await purge.purge(on: library.app.db)
                #expect(deleted.count == 1)
                #expect(try await Photo.query(on: library.app.db).filter(\.$spec == "master").count() == 1)
                #expect(try await Photo.query(on: library.app.db).filter(\.$spec == "cn-id-card").count() == 2, "standard photos stay")
                #expect(try await LibraryCheck(library: library.app.library).run(on: library.app.db, removeOrphans: false, grace: 0).clean)
            }
        }
    }
}

extension Application {
    /// Closes pooled database connections so a test can read the SQLite file as written
    /// (with its WAL checkpointed into it).
    func shutdownDatabaseConnectionsForInspection() async throws {
        if let sql = db as? any SQLDatabase { try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
    }
}
