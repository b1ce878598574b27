import Fluent
import Foundation
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

/// A clock the test moves by hand (a child's 18th birthday without sleeping).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ date: Date) { current = date }
    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}

extension ServerTests {
    /// My Photos over HTTP: a citizen's own photos, downloads in allowed backgrounds and
    /// formats, print sheets, "who used my photo", and every refusal with its status.
    @Suite struct MyPhotosTests {
        static func json(_ object: Any) throws -> ByteBuffer { ByteBuffer(data: try JSONSerialization.data(withJSONObject: object)) }
        static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json"]

        @Test func citizenSeesDownloadsAndPrintsOwnPhotosEveryAccessAudited() async throws {
            try await TestLibrary.with { library in
                var library = library
                // setup
                let upload = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(upload.status == .created)
                #expect(try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.alice)/status", as: "operatorA").status == .ok)
                try await library.signInCitizen("Alice", number: TestIdentity.alice)

                // MUT: the overview
                let overview = try await library.send(.GET, "/api/v1/me", as: "Alice")
                #expect(overview.status == .ok)
                let current = try #require(overview.json["current"] as? [String: Any])
                let photos = try #require(current["photos"] as? [[String: Any]])
                #expect(Set(photos.compactMap { $0["spec"] as? String }) == ["master", "cn-id-card", "cn-exit-entry", "cn-driver-license", "face-compare-hd"])
                #expect((overview.json["history"] as? [[String: Any]])?.count == 1)
                #expect((current["site"] as? [String: Any])?["code"] as? String == TestLibrary.siteA)
                let downloads = try #require(overview.json["downloads"] as? [String: Any])
                let specs = try #require(downloads["specs"] as? [[String: Any]])
                let idCard = try #require(specs.first { $0["code"] as? String == "cn-id-card" })
                #expect(idCard["anyColour"] as? Bool == false)

                // previews of stored photos
                let href = try #require(photos.first { $0["spec"] as? String == "cn-id-card" }?["href"] as? String)
                let preview = try await library.send(.GET, href, as: "Alice")
                #expect(preview.status == .ok && preview.headers.contentType == .jpeg)
                #expect(Array(preview.body.readableBytesView.prefix(2)) == [0xFF, 0xD8])

                // another background and format for a trade size; the official one only its own colour
                let blue = try await library.send(.GET, "/api/v1/me/renditions/one-inch?background=blue&format=png", as: "Alice")
                #expect(blue.status == .ok && blue.headers.contentType == .png)
                #expect(Array(blue.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
                let again = try await library.send(.GET, "/api/v1/me/renditions/one-inch?background=blue&format=png", as: "Alice")
                #expect(again.status == .ok && again.body == blue.body, "the same choice again (kept, or rendered alike)")
                let hex = try await library.send(.GET, "/api/v1/me/renditions/two-inch?background=%23336699", as: "Alice")
                #expect(hex.status == .ok && hex.headers.contentType == .jpeg)
                let refused = try await library.send(.GET, "/api/v1/me/renditions/cn-id-card?background=blue", as: "Alice")
                #expect(refused.status == .unprocessableEntity && refused.errorCode == "background_not_allowed")
                #expect((refused.json["message"] as? String)?.contains("official") == true)
                let own = try await library.send(.GET, "/api/v1/me/renditions/cn-id-card", as: "Alice")
                #expect(own.status == .ok && own.body.readableBytes == preview.body.readableBytes, "the stored photo, not a re-render")
                #expect(try await library.send(.GET, "/api/v1/me/renditions/master?background=blue", as: "Alice").errorCode == "background_not_allowed")
                #expect(try await library.send(.GET, "/api/v1/me/renditions/no-such-spec", as: "Alice").status == .notFound)
                #expect(try await library.send(.GET, "/api/v1/me/renditions/one-inch?background=mauve", as: "Alice").errorCode == "background_unknown")
                #expect(try await library.send(.GET, "/api/v1/me/renditions/one-inch?format=gif", as: "Alice").status == .unprocessableEntity)

                // print sheets
                let pdf = try await library.send(.GET, "/api/v1/me/sheet?spec=one-inch&paper=6inch&format=pdf", as: "Alice")
                #expect(pdf.status == .ok && pdf.headers.contentType == .pdf)
                #expect(pdf.body.getString(at: pdf.body.readerIndex, length: 4) == "%PDF")
                let sheet = try await library.send(.GET, "/api/v1/me/sheet?spec=cn-id-card&paper=a4", as: "Alice")
                #expect(sheet.status == .ok && sheet.headers.contentType == .jpeg)
                #expect(try await library.send(.GET, "/api/v1/me/sheet?spec=one-inch&paper=poster", as: "Alice").status == .notFound)
                #expect(try await library.send(.GET, "/api/v1/me/sheet?spec=master", as: "Alice").errorCode == "no_print_size")
                #expect(try await library.send(.GET, "/api/v1/me/sheet", as: "Alice").errorCode == "spec_missing")

                // validation: every access to the photos is in the audit log, and told in plain words
                let me = try #require(try await library.app.library.person(try IdentityNumber(type: .residentID, number: TestIdentity.alice), on: library.app.db))
                try await Task.sleep(for: .milliseconds(50))
                try await library.app.auditJournal.settle()
                let views = try await AuditRecord.query(on: library.app.db).filter(\.$personID == me.id).filter(\.$action == AuditAction.myPhotosView).all()
                #expect(views.count >= 7, "overview, preview, 3 renditions, 2 sheets (refusals before release are not accesses)")
                #expect(views.contains { $0.purpose == "my photos: download one-inch blue png" })
                let log = try await library.send(.GET, "/api/v1/me/access-log", as: "Alice")
                #expect(log.status == .ok)
                let entries = try #require(log.json["entries"] as? [[String: Any]])
                let lookup = try #require(entries.first { $0["action"] as? String == AuditAction.personStatus })
                let who = try #require(lookup["who"] as? [String: Any])
                #expect((who["zh"] as? String)?.contains("定海 window 1") == true)
                #expect((who["en"] as? String)?.contains("operatorA") == false, "staff are told by role and site, not name")
                #expect(entries.contains { $0["byThemselves"] as? Bool == true && ($0["who"] as? [String: Any])?["zh"] as? String == "本人" })
                try await library.app.auditJournal.settle()
                #expect(try await library.app.auditChain.verify(on: library.app.db).intact)
            }
        }

        @Test func withoutCitizenSignInEveryRouteIsRefused() async throws {
            try await TestLibrary.with { library in
                var library = library
                let upload = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(number: TestIdentity.bob), as: "operatorA")
                let bobsPhoto = try #require((upload.json["photos"] as? [[String: Any]])?.first?["id"] as? String)
                for path in ["/api/v1/me", "/api/v1/me/photos/\(bobsPhoto)", "/api/v1/me/renditions/one-inch", "/api/v1/me/sheet?spec=one-inch",
                             "/api/v1/me/access-log", "/api/v1/me/family", "/api/v1/me/family/\(UUID())"] {
                    #expect(try await library.send(.GET, path, as: nil).status == .unauthorized, "\(path) without a token")
                    #expect(try await library.send(.GET, path, as: "operatorA").status == .unauthorized, "\(path) with a staff token")
                }
                try await library.signInCitizen("Alice", number: TestIdentity.alice)
                // Bob's photo is not Alice's; Alice has no photos yet.
                #expect(try await library.send(.GET, "/api/v1/me/photos/\(bobsPhoto)", as: "Alice").status == .notFound)
                let none = try await library.send(.GET, "/api/v1/me/renditions/one-inch", as: "Alice")
                #expect(none.status == .notFound && none.errorCode == "no_photos")
                let overview = try await library.send(.GET, "/api/v1/me", as: "Alice")
                #expect(overview.status == .ok && overview.json["current"] == nil)
                // A stranger's person id is not a family member.
                let bob = try #require(try await library.app.library.person(try IdentityNumber(type: .residentID, number: TestIdentity.bob), on: library.app.db))
                #expect(try await library.send(.GET, "/api/v1/me/family/\(try bob.requireID())", as: "Alice").status == .notFound)
                #expect(try await library.send(.GET, "/api/v1/me/family/not-a-uuid", as: "Alice").status == .notFound)
                // Signing out ends the token.
                #expect(try await library.send(.POST, "/api/v1/me/sign-out", as: "Alice").status == .noContent)
                #expect(try await library.send(.GET, "/api/v1/me", as: "Alice").status == .unauthorized)
            }
        }

        @Test func signInOptionsShowOnlyWhatIsAvailable() async throws {
            try await TestLibrary.with(devIdentity: false) { library in
                let options = try await library.send(.GET, "/api/v1/me/sign-in-options", as: nil)
                #expect(options.status == .ok && options.json["development"] as? Bool == false && options.json["openIdConnect"] == nil)
                #expect(try await library.send(.GET, "/me/sign-in/oidc", as: nil).status == .notFound)
                for page in ["/me", "/me/sign-in", "/me/family/\(UUID())", "/assets/me.js", "/assets/me.css", "/assets/me-sign-in.js"] {
                    #expect(try await library.send(.GET, page, as: nil).status == .ok, "\(page)")
                }
            }
            try await TestLibrary.with(devIdentity: true) { library in
                let options = try await library.send(.GET, "/api/v1/me/sign-in-options", as: nil)
                #expect(options.json["development"] as? Bool == true)
            }
        }
    }

    /// Family links: made by site admins after checking documents (or imported), seen by the
    /// family in My Photos while live, ended by the child's 18th birthday, always audited.
    @Suite struct FamilyAlbumTests {
        static let child = TestIdentity.residentID("33090220101201002")

        func link(_ library: TestLibrary, as who: String?, kind: String = "guardian", person: String = TestIdentity.bob,
                  relative: String = child, relativeName: String? = "小明 Xiaoming", relationship: String = "父亲 father") async throws -> TestingHTTPResponse {
            var relativeBody: [String: Any] = ["type": "resident-id", "number": relative]
            if let relativeName { relativeBody["name"] = relativeName }
            return try await library.send(.POST, "/api/v1/family-links", as: who, headers: MyPhotosTests.jsonHeaders, body: try MyPhotosTests.json([
                "kind": kind, "person": ["type": "resident-id", "number": person, "name": "Bob"], "relative": relativeBody,
                "relationship": relationship, "evidence": "户口簿 household register 123"]))
        }

        @Test func parentSeesChildUntilEighteenthBirthday() async throws {
            try await TestLibrary.with { library in
                var library = library
                let clock = TestClock(ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!)
                library.app.clock = LibraryClock(now: { clock.now })
                // setup: the child's photos, the parent signed in
                #expect(try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(number: Self.child, name: "小明"),
                                                 as: "operatorA").status == .created)
                try await library.signInCitizen("Bob", number: TestIdentity.bob)

                // who may make links, and what is refused
                #expect(try await link(library, as: "operatorA").status == .forbidden)
                #expect(try await link(library, as: nil).status == .unauthorized)
                let adult = try await link(library, as: "siteAdminA", relative: TestIdentity.carol, relativeName: "Carol")
                #expect(adult.status == .unprocessableEntity && adult.errorCode == "family_not_a_minor")
                #expect(try await link(library, as: "siteAdminA", relative: TestIdentity.bob).errorCode == "family_same_person")
                #expect(try await link(library, as: "siteAdminA", relationship: "").errorCode == "family_relationship_missing")
                let made = try await link(library, as: "siteAdminA")
                #expect(made.status == .created)
                #expect(made.json["endsAt"] as? String == "2028-11-30T16:00:00Z", "midnight of the 18th birthday, China time")
                #expect(try await link(library, as: "cityAdmin").status == .conflict)

                // MUT: the parent sees and downloads the child's photos
                let family = try await library.send(.GET, "/api/v1/me/family", as: "Bob")
                let entry = try #require((family.json["links"] as? [[String: Any]])?.first)
                #expect(entry["canView"] as? Bool == true && entry["state"] as? String == "active")
                #expect((entry["memberRole"] as? [String: Any])?["en"] as? String == "child", "told from the parent's side")
                let memberID = try #require((entry["member"] as? [String: Any])?["personId"] as? String)
                let overview = try await library.send(.GET, "/api/v1/me/family/\(memberID)", as: "Bob")
                #expect(overview.status == .ok && (overview.json["person"] as? [String: Any])?["name"] as? String == "小明")
                let photo = try await library.send(.GET, "/api/v1/me/family/\(memberID)/renditions/one-inch?background=red", as: "Bob")
                #expect(photo.status == .ok && photo.headers.contentType == .jpeg)
                let log = try await library.send(.GET, "/api/v1/me/family/\(memberID)/access-log", as: "Bob")
                let entries = try #require(log.json["entries"] as? [[String: Any]])
                #expect(entries.contains { $0["action"] as? String == AuditAction.familyView && (($0["who"] as? [String: Any])?["en"] as? String)?.contains("Bob") == true })
                #expect(entries.contains { $0["action"] as? String == AuditAction.familyLink })

                // The child turns 18: the link ends by itself.
                clock.now = ISO8601DateFormatter().date(from: "2028-11-30T16:00:00Z")!
                let ended = try await library.send(.GET, "/api/v1/me/family/\(memberID)", as: "Bob")
                #expect(ended.status == .forbidden && ended.errorCode == "family_link_ended")
                #expect((ended.json["message"] as? String)?.contains("2028-12-01") == true)
                #expect(try await library.send(.GET, "/api/v1/me/family/\(memberID)/renditions/one-inch", as: "Bob").status == .forbidden)
                let after = try await library.send(.GET, "/api/v1/me/family", as: "Bob")
                #expect((after.json["links"] as? [[String: Any]])?.first?["state"] as? String == "ended")

                // validation: views allowed and the refusal, all audited
                try await library.app.auditJournal.settle()
                let records = try await AuditRecord.query(on: library.app.db).filter(\.$action == AuditAction.familyView).all()
                #expect(records.contains { $0.outcome == "allowed" } && records.contains { $0.outcome == "family_link_ended" })
                try await library.app.auditJournal.settle()
                #expect(try await library.app.auditChain.verify(on: library.app.db).intact)
            }
        }

        @Test func adultRelativesApproveThemselvesAndAdminsCanRevoke() async throws {
            try await TestLibrary.with { library in
                var library = library
                #expect(try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(number: TestIdentity.carol, name: "Carol"),
                                                 as: "operatorA").status == .created)
                try await library.signInCitizen("Bob", number: TestIdentity.bob)
                try await library.signInCitizen("Carol", number: TestIdentity.carol)
                try await library.signInCitizen("Dave", number: TestIdentity.dave)
                let made = try await link(library, as: "siteAdminB", kind: "relative", relative: TestIdentity.carol, relativeName: nil, relationship: "配偶 spouse")
                #expect(made.status == .created && made.json["status"] as? String == "pending")
                let linkID = try #require(made.json["linkId"] as? String)
                let carolID = try #require((made.json["relative"] as? [String: Any])?["personId"] as? String)
                let pending = try await library.send(.GET, "/api/v1/me/family/\(carolID)", as: "Bob")
                #expect(pending.status == .forbidden && pending.errorCode == "family_link_pending")
                #expect(try await library.send(.POST, "/api/v1/me/family/\(linkID)/approve", as: "Bob").status == .forbidden, "only the relative approves")
                #expect(try await library.send(.POST, "/api/v1/me/family/\(linkID)/approve", as: "Dave").status == .notFound)
                #expect(try await library.send(.POST, "/api/v1/me/family/\(UUID())/approve", as: "Carol").status == .notFound)
                #expect(try await library.send(.POST, "/api/v1/me/family/\(linkID)/approve", as: "Carol").status == .ok)
                #expect(try await library.send(.POST, "/api/v1/me/family/\(linkID)/approve", as: "Carol").status == .conflict)
                #expect(try await library.send(.GET, "/api/v1/me/family/\(carolID)", as: "Bob").status == .ok)

                let lookup = try await library.send(.GET, "/api/v1/family-links?identityType=resident-id&identityNumber=\(TestIdentity.carol)", as: "siteAdminA")
                #expect((lookup.json["links"] as? [[String: Any]])?.count == 1)
                #expect(try await library.send(.GET, "/api/v1/family-links?identityType=resident-id&identityNumber=123", as: "siteAdminA").status == .unprocessableEntity)
                #expect(try await library.send(.DELETE, "/api/v1/family-links/\(linkID)", as: "siteAdminA").errorCode == "family_reason_missing")
                #expect(try await library.send(.DELETE, "/api/v1/family-links/\(linkID)?reason=court", as: "operatorA").status == .forbidden)
                #expect(try await library.send(.DELETE, "/api/v1/family-links/\(UUID())?reason=court", as: "siteAdminA").status == .notFound)
                let revoked = try await library.send(.DELETE, "/api/v1/family-links/\(linkID)?reason=court%20decision", as: "cityAdmin")
                #expect(revoked.status == .ok && revoked.json["status"] as? String == "revoked")
                let refused = try await library.send(.GET, "/api/v1/me/family/\(carolID)", as: "Bob")
                #expect(refused.status == .forbidden && refused.errorCode == "family_link_ended")
                #expect((refused.json["message"] as? String)?.contains("court decision") == true)
            }
        }

        @Test func householdRegistryImportIsAllOrNothingWithLineNumbers() async throws {
            try await TestLibrary.with { library in
                let header = "kind,person_type,person_number,person_name,relative_type,relative_number,relative_name,relationship,household,child_birth_date\n"
                let bad = header
                    + "guardian,resident-id,\(TestIdentity.bob),Bob,resident-id,\(Self.child),小明,父亲 father,H-1,\n"
                    + "guardian,resident-id,\(TestIdentity.bob),Bob,resident-id,\(TestIdentity.carol),Carol,父亲 father,H-1,\n"
                    + "cousin,resident-id,\(TestIdentity.bob),Bob,resident-id,\(TestIdentity.dave),Dave,表亲,H-1,\n"
                    + "relative,resident-id,12345,Bob,resident-id,\(TestIdentity.dave),Dave,兄弟 brother,H-1,\n"
                await #expect(throws: HouseholdRegistryImport.Problems.self) {
                    _ = try await FamilyImport.run(library.app, csv: bad, file: "bad.csv", dryRun: false)
                }
                do {
                    _ = try await FamilyImport.run(library.app, csv: bad, file: "bad.csv", dryRun: false)
                } catch let problems as HouseholdRegistryImport.Problems {
                    #expect(problems.rows.map(\.line) == [3, 4, 5])
                    #expect(problems.rows[0].message.contains("turned 18"))
                }
                #expect(try await FamilyLink.query(on: library.app.db).count() == 0, "nothing half-imported")
                // A row the database refuses (a new person without a name) also stops everything.
                let unknown = header
                    + "guardian,resident-id,\(TestIdentity.bob),Bob,resident-id,\(Self.child),小明,父亲 father,H-1,\n"
                    + "relative,resident-id,\(TestIdentity.carol),,resident-id,\(TestIdentity.dave),Dave,兄弟 brother,H-1,\n"
                await #expect(throws: HouseholdRegistryImport.Problems.self) {
                    _ = try await FamilyImport.run(library.app, csv: unknown, file: "unknown.csv", dryRun: false)
                }
                #expect(try await FamilyLink.query(on: library.app.db).count() == 0)
                #expect(try await Person.query(on: library.app.db).count() == 0, "the rolled-back rows registered nobody")
                let good = header
                    + "guardian,resident-id,\(TestIdentity.bob),Bob,resident-id,\(Self.child),小明,父亲 father,H-1,\n"
                    + "\"relative\",resident-id,\(TestIdentity.carol),\"Carol, Jr.\",resident-id,\(TestIdentity.dave),Dave,兄弟 brother,H-2,\n"
                let (links, pending) = try await FamilyImport.run(library.app, csv: good, file: "good.csv", dryRun: false)
                #expect(links == 2 && pending == 1)
                #expect(try await Person.query(on: library.app.db).filter(\.$name == "Carol, Jr.").count() == 1)
                try await library.app.auditJournal.settle()
                #expect(try await AuditRecord.query(on: library.app.db).filter(\.$action == AuditAction.familyLink).count() == 4)
            }
        }
    }
}
