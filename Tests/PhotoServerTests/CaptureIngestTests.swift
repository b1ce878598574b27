import Fluent
import Foundation
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    @Suite struct CaptureIngestTests {
        @Test func acceptedCaptureStoresPhotosAndAnswersWithLinks() async throws {
            try await TestLibrary.with { library in
                // MUT
                let response = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                // validation
                #expect(response.status == .created, "\(response.body.string)")
                let body = response.json
                #expect(body["status"] as? String == "accepted")
                let photos = body["photos"] as? [[String: Any]] ?? []
                let specs = Set(photos.compactMap { $0["spec"] as? String })
                #expect(specs.isSuperset(of: ["master", "cn-id-card", "cn-exit-entry", "cn-driver-license"]))
                let idCard = try #require(photos.first { $0["spec"] as? String == "cn-id-card" })
                #expect(idCard["width"] as? Int == 358 && idCard["height"] as? Int == 441)
                #expect((body["quality"] as? [String: Any])?["catalogVersion"] as? String == "relaxed-for-tests")

                let url = try #require(idCard["url"] as? String)
                let photo = try await library.send(.GET, url, as: "operatorB")
                #expect(photo.status == .ok)
                #expect(photo.headers.contentType == .jpeg)
                #expect(photo.headers.first(name: .cacheControl)?.hasPrefix("private") == true)
                let etag = try #require(photo.headers.first(name: .eTag))
                #expect(etag == "\"\(idCard["sha256"] as! String)\"")
                #expect(photo.body.readableBytes == idCard["bytes"] as? Int)
                #expect(Array(photo.body.readableBytesView.prefix(3)) == [0xFF, 0xD8, 0xFF])
                let again = try await library.send(.GET, url, as: "operatorA", headers: ["If-None-Match": etag])
                #expect(again.status == .notModified)

                let id = try #require(body["captureId"] as? String)
                let shown = try await library.send(.GET, "/api/v1/captures/\(id)", as: "siteAdminA")
                #expect(shown.status == .ok)
                #expect((shown.json["person"] as? [String: Any])?["identityNumber"] as? String == TestIdentity.alice)
                #expect(shown.json["siteCode"] as? String == TestLibrary.siteA)
                #expect(shown.json["deviceId"] as? String == TestLibrary.deviceA)

                let logs = try await CaptureLog.query(on: library.app.db).all()
                #expect(logs.map(\.outcome) == [.accepted])
                #expect(try await OutboxEntry.query(on: library.app.db).count() == 1)
            }
        }

        @Test func statusSaysNoNeedToShootAgainWithinTheReuseWindow() async throws {
            try await TestLibrary.with { library in
                let path = "/api/v1/persons/resident-id/\(TestIdentity.alice)/status"
                let before = try await library.send(.GET, path, as: "operatorB")
                #expect(before.status == .ok)
                #expect(before.json["registered"] as? Bool == false)
                let capturedAt = Date().addingTimeInterval(-30 * 86_400)
                let upload = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(capturedAt: capturedAt), as: "operatorA")
                #expect(upload.status == .created)
                let after = try await library.send(.GET, path, as: "operatorB")
                let specs = after.json["specs"] as? [[String: Any]] ?? []
                let idCard = try #require(specs.first { $0["spec"] as? String == "cn-id-card" })
                #expect(idCard["valid"] as? Bool == true)
                #expect(idCard["reuseMonths"] as? Int == 6)
                #expect((after.json["site"] as? [String: Any])?["code"] as? String == TestLibrary.siteA)

                // Seven months later the same photo may no longer be reused.
                let old = try await library.upload(try TestImaging.fixture("portrait.jpg"),
                                                   metadata: TestLibrary.metadata(number: TestIdentity.bob, capturedAt: Date().addingTimeInterval(-212 * 86_400)), as: "operatorA")
                #expect(old.status == .created)
                let stale = try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.bob)/status", as: "operatorA")
                let staleCard = (stale.json["specs"] as? [[String: Any]] ?? []).first { $0["spec"] as? String == "cn-id-card" }
                #expect(staleCard?["valid"] as? Bool == false)

                let history = try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.alice)/photos", as: "operatorB")
                #expect((history.json["captures"] as? [Any])?.count == 1)
                let unknown = try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.carol)/photos", as: "operatorB")
                #expect(unknown.status == .notFound)
                let invalid = try await library.send(.GET, "/api/v1/persons/resident-id/330902198001010021/status", as: "operatorB")
                #expect(invalid.status == .unprocessableEntity && invalid.errorCode == "invalid_identity_number")
            }
        }

        @Test func failingQualityIsRefusedWithTheReportAndOnlyLogged() async throws {
            try await TestLibrary.with(imaging: TestImaging.standard) { library in
                let response = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(response.status == .unprocessableEntity)
                #expect(response.errorCode == "quality_failed")
                #expect((response.json["message"] as? String)?.contains("mouth_closed") == true)
                let quality = try #require(response.json["quality"] as? [String: Any])
                #expect(quality["verdict"] as? String == "fail")
                let db = library.app.db
                #expect(try await Person.query(on: db).count() == 0)
                #expect(try await Capture.query(on: db).count() == 0)
                #expect(try await Photo.query(on: db).count() == 0)
                #expect(try library.app.library.blobs.inventory().isEmpty)
                let log = try #require(try await CaptureLog.query(on: db).first())
                #expect(log.outcome == .qualityFailed)
                #expect(log.reasonCode?.contains("expression_neutral") == true)
                #expect(log.siteCode == TestLibrary.siteA && log.deviceCode == TestLibrary.deviceA && log.latitude == 30.0197)
            }
        }

        @Test func everyBadInputGetsItsStatusAndAReason() async throws {
            try await TestLibrary.with { library in
                let portrait = try TestImaging.fixture("portrait.jpg")
                let cases: [(String, [UInt8], [String: Any], HTTPResponseStatus, String)] = [
                    ("text as .jpg", try TestImaging.fixture("text.jpg"), TestLibrary.metadata(), .unsupportedMediaType, "unsupported_format"),
                    ("empty file", try TestImaging.fixture("empty.jpg"), TestLibrary.metadata(), .unsupportedMediaType, "empty_file"),
                    ("truncated JPEG", try TestImaging.fixture("truncated.jpg"), TestLibrary.metadata(), .unprocessableEntity, "corrupt_image"),
                    ("pixel bomb", try TestImaging.fixture("bomb.png"), TestLibrary.metadata(), .payloadTooLarge, "too_many_pixels"),
                    ("two faces", try TestImaging.fixture("two-faces.jpg"), TestLibrary.metadata(), .unprocessableEntity, "multiple_faces"),
                    ("no face", try TestImaging.fixture("no-face.jpg"), TestLibrary.metadata(), .unprocessableEntity, "no_face"),
                    ("bad check digit", portrait, TestLibrary.metadata(number: "330902198001010021"), .unprocessableEntity, "invalid_identity_number"),
                    ("unknown identity type", portrait, TestLibrary.metadata(extra: ["identity": ["type": "library-card", "number": "1"]]), .unprocessableEntity, "unknown_identity_type"),
                    ("unknown site", portrait, TestLibrary.metadata(site: "NOPE"), .unprocessableEntity, "unknown_site"),
                    ("device of another site", portrait, TestLibrary.metadata(device: TestLibrary.deviceB), .unprocessableEntity, "device_not_at_site"),
                    ("bad channel", portrait, TestLibrary.metadata(extra: ["channel": "fax"]), .unprocessableEntity, "invalid_channel"),
                    ("latitude out of range", portrait, TestLibrary.metadata(extra: ["location": ["lat": 130.0, "lon": 10.0]]), .unprocessableEntity, "invalid_location"),
                    ("missing name", portrait, TestLibrary.metadata(name: " "), .unprocessableEntity, "invalid_name"),
                ]
                for (label, image, metadata, status, code) in cases {
                    let response = try await library.upload(image, metadata: metadata, as: "operatorA")
                    #expect(response.status == status, "\(label): \(response.body.string)")
                    #expect(response.errorCode == code, "\(label)")
                    #expect((response.json["message"] as? String)?.isEmpty == false, "\(label)")
                }
                // Over the size limit: refused before the pipeline, by bytes.
                var huge = [UInt8](repeating: 0, count: 41 * 1024 * 1024)
                huge.replaceSubrange(0..<3, with: [0xFF, 0xD8, 0xFF])
                let tooLarge = try await library.upload(huge, metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(tooLarge.status == .payloadTooLarge && tooLarge.errorCode == "file_too_large")

                let noMetadata = Multipart.form([("image", "a.jpg", portrait)])
                let missing = try await library.send(.POST, "/api/v1/captures", as: "operatorA", headers: noMetadata.headers, body: noMetadata.body)
                #expect(missing.status == .badRequest && missing.errorCode == "missing_metadata")
                let garbled = Multipart.form([("metadata", nil, Array("{not json".utf8)), ("image", "a.jpg", portrait)])
                let bad = try await library.send(.POST, "/api/v1/captures", as: "operatorA", headers: garbled.headers, body: garbled.body)
                #expect(bad.status == .badRequest && bad.errorCode == "invalid_metadata")
                let json = try await library.send(.POST, "/api/v1/captures", as: "operatorA", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: "{}"))
                #expect(json.status.code >= 400 && json.status.code < 500)

                // Nothing but the log was written.
                #expect(try await Capture.query(on: library.app.db).count() == 0)
                #expect(try library.app.library.blobs.inventory().isEmpty)
                let outcomes = Set(try await CaptureLog.query(on: library.app.db).all().map(\.outcome))
                #expect(outcomes == [.inputRefused, .invalidIdentity])
            }
        }

        @Test func repeatedCaptureIDIsStoredOnce() async throws {
            try await TestLibrary.with { library in
                let id = UUID()
                let image = try TestImaging.fixture("portrait.jpg")
                let first = try await library.upload(image, metadata: TestLibrary.metadata(captureID: id), as: "operatorA")
                #expect(first.status == .created)
                #expect(first.json["captureId"] as? String == id.uuidString)
                let second = try await library.upload(image, metadata: TestLibrary.metadata(captureID: id), as: "operatorA")
                #expect(second.status == .ok)
                #expect(second.json["captureId"] as? String == id.uuidString)
                #expect(try await Capture.query(on: library.app.db).count() == 1)
                let other = try await library.upload(image, metadata: TestLibrary.metadata(number: TestIdentity.bob, captureID: id), as: "operatorA")
                #expect(other.status == .conflict && other.errorCode == "capture_id_conflict")
            }
        }

        @Test func laterAcceptedCaptureSupersedesAndLateUploadDoesNot() async throws {
            try await TestLibrary.with { library in
                let image = try TestImaging.fixture("portrait.jpg")
                let now = Date()
                let first = try await library.upload(image, metadata: TestLibrary.metadata(capturedAt: now.addingTimeInterval(-3600)), as: "operatorA")
                let second = try await library.upload(try TestImaging.fixture("portrait.png"), metadata: TestLibrary.metadata(capturedAt: now), as: "operatorA")
                // A mobile team's queue delivering an older capture after the newer one.
                let late = try await library.upload(try TestImaging.fixture("portrait.webp"), metadata: TestLibrary.metadata(capturedAt: now.addingTimeInterval(-1800)), as: "operatorA")
                #expect([first.status, second.status, late.status] == [.created, .created, .created])
                let statuses = try await Capture.query(on: library.app.db).sort(\.$capturedAt).all().map(\.status)
                #expect(statuses == [.superseded, .superseded, .accepted])
                let current = try await Capture.query(on: library.app.db).filter(\.$status == .accepted).all()
                #expect(current.count == 1)
                #expect(current.first?.id?.uuidString == second.json["captureId"] as? String)
            }
        }

        /// Uploads at the same moment all commit (SQLite has one writer: the library queues
        /// its transactions), and the same capture id sent twice at once is stored once.
        @Test func concurrentUploadsAreAllStoredAndTwinsOnce() async throws {
            try await TestLibrary.with { library in
                let image = try TestImaging.fixture("portrait.jpg")
                let twin = UUID()
                let metadata = [TestIdentity.alice, TestIdentity.bob, TestIdentity.carol].map { TestLibrary.metadata(number: $0) }
                    + [TestLibrary.metadata(number: TestIdentity.dave, captureID: twin), TestLibrary.metadata(number: TestIdentity.dave, captureID: twin)]
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    for item in metadata {
                        nonisolated(unsafe) let body = item
                        group.addTask { try await library.upload(image, metadata: body, as: "operatorA").status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .created }.count == 4, "\(statuses)")
                #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
                #expect(try await Capture.query(on: library.app.db).count() == 4)
            }
        }
    }
}
