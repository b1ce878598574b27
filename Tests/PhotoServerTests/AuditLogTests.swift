import Fluent
import Foundation
@testable import PhotoServer
import PhotoStore
import SQLKit
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    /// The hash-chained audit log: who looked at whose identity, searchable by auditors,
    /// verifiable, and noisy when tampered with.
    @Suite struct AuditLogTests {
        @Test func identityLookupsAreRecordedAndSearchableByAuditorsOnly() async throws {
            try await TestLibrary.with { library in
                let status = try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.alice)/status", as: "operatorA")
                #expect(status.status == .ok)

                let search = "/api/v1/audit?identityType=resident-id&identityNumber=\(TestIdentity.alice)"
                for role in ["operatorA", "siteAdminA"] {
                    #expect(try await library.send(.GET, search, as: role).status == .forbidden, "\(role) may not read the audit log")
                }
                #expect(try await library.send(.GET, search, as: nil).status == .unauthorized)
                let found = try await library.send(.GET, "/api/v1/audit?action=person.status", as: "auditor")
                #expect(found.status == .ok)
                let records = try #require(found.json["records"] as? [[String: Any]])
                let lookup = try #require(records.first)
                #expect(lookup["actorName"] as? String == "operatorA")
                #expect(lookup["role"] as? String == "operator")
                #expect(lookup["outcome"] as? String == "allowed")
                #expect(lookup["purpose"] as? String == "capture: reuse check")
                #expect(lookup["seq"] as? Int == 1, "the first record of a new library")

                let verify = try await library.send(.GET, "/api/v1/audit/verify", as: "cityAdmin")
                #expect(verify.status == .ok && verify.json["intact"] as? Bool == true)
            }
        }

        /// Many concurrent read accesses share group commits, yet every one gets its own
        /// record, numbered without gaps, and the chain holds.
        @Test func concurrentAccessesAreAllChained() async throws {
            try await TestLibrary.with { library in
                let journal = library.app.auditJournal
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 0..<60 {
                        group.addTask {
                            try await journal.record(AuditEntry(actorKind: .system, actorID: "test-\(n)", action: AuditAction.photoView))
                        }
                    }
                    try await group.waitForAll()
                }
                try await library.app.auditJournal.settle()
                let records = try await AuditRecord.query(on: library.app.db).sort(\.$seq).all()
                #expect(records.map(\.seq) == Array(1...records.count))
                #expect(Set(records.map(\.actorID)).isSuperset(of: (0..<60).map { "test-\($0)" }))
                try await library.app.auditJournal.settle()
                let result = try await library.app.auditChain.verify(on: library.app.db)
                #expect(result.intact && result.checked == records.count)
            }
        }

        /// The log refuses edits through the database, and an edit made anyway (triggers
        /// dropped, as a database administrator could) or a deleted tail is found by verify.
        @Test func tamperingIsRefusedAndDetected() async throws {
            try await TestLibrary.with { library in
                let chain = library.app.auditChain
                for n in 1...5 {
                    try await library.app.library.transaction(on: library.app.db) { db in
                        try await chain.append(AuditEntry(actorKind: .staff, actorID: "s\(n)", action: AuditAction.photoView), on: db)
                    }
                }
                let sql = try #require(library.app.db as? any SQLDatabase)
                await #expect(throws: (any Error).self) {
                    try await sql.raw("UPDATE audit_records SET outcome = 'refused' WHERE seq = 3").run()
                }
                await #expect(throws: (any Error).self) {
                    try await sql.raw("DELETE FROM audit_records WHERE seq = 5").run()
                }
                #expect(try await chain.verify(on: library.app.db).intact)

                if sql.dialect.name == "postgresql" {
                    try await sql.raw("ALTER TABLE audit_records DISABLE TRIGGER USER").run()
                } else {
                    try await sql.raw("DROP TRIGGER audit_records_no_update").run()
                    try await sql.raw("DROP TRIGGER audit_records_no_delete").run()
                }
                try await sql.raw("UPDATE audit_records SET actor_id = 'someone-else' WHERE seq = 3").run()
                let altered = try await chain.verify(on: library.app.db)
                #expect(!altered.intact && altered.firstBroken == 3 && altered.checked == 2)
                #expect(altered.reason?.contains("altered") == true)

                try await sql.raw("UPDATE audit_records SET actor_id = 's3' WHERE seq = 3").run()
                #expect(try await chain.verify(on: library.app.db).intact, "restoring the record restores the chain")
                try await sql.raw("DELETE FROM audit_records WHERE seq = 5").run()
                let truncated = try await chain.verify(on: library.app.db)
                #expect(!truncated.intact && truncated.firstBroken == 5)
                try await sql.raw("DELETE FROM audit_records WHERE seq = 2").run()
                let gap = try await chain.verify(on: library.app.db)
                #expect(!gap.intact && gap.firstBroken == 2 && gap.reason?.contains("missing") == true)
                if sql.dialect.name == "postgresql" { try await sql.raw("ALTER TABLE audit_records ENABLE TRIGGER USER").run() }
            }
        }

        @Test func devIdentityProviderSignsCitizensInOnlyWhenEnabled() async throws {
            try await TestLibrary.with(devIdentity: false) { library in
                var library = library
                await #expect(throws: TestFailure.self) { try await library.signInCitizen("Alice", number: TestIdentity.alice) }
                let refused = try await library.send(.POST, "/dev/identity/login", as: nil, headers: ["Content-Type": "application/json"],
                                                     body: ByteBuffer(string: #"{"identity":{"type":"resident-id","number":"\#(TestIdentity.alice)"},"name":"Alice"}"#))
                #expect(refused.status == .notFound && refused.errorCode == "dev_identity_disabled")
            }
            try await TestLibrary.with { library in
                var library = library
                let token = try await library.signInCitizen("Alice", number: TestIdentity.alice)
                #expect(token.hasPrefix("cit_"))
                let wrong = try await library.send(.POST, "/dev/identity/login", as: nil, headers: ["Content-Type": "application/json"],
                                                   body: ByteBuffer(string: #"{"identity":{"type":"resident-id","number":"330902198001010021"},"name":"Alice"}"#))
                #expect(wrong.status == .unprocessableEntity && wrong.errorCode != nil)
                #expect((wrong.json["message"] as? String)?.isEmpty == false)
                // A citizen token is not a staff token.
                #expect(try await library.send(.GET, "/api/v1/auth/me", as: "Alice").status == .unauthorized)
                try await library.app.auditJournal.settle()
                let signIns = try await AuditRecord.query(on: library.app.db).filter(\.$action == AuditAction.citizenSignIn).all()
                #expect(signIns.count == 1 && signIns.first?.actorKind == "citizen")
            }
        }
    }
}
