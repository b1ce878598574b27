import Fluent
import Foundation
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    @Suite struct IdentityCheckTests {
        /// The library's photo of this number shows someone else: the operator must not
        /// overwrite it; a site admin may, with a reason, and the log says so.
        @Test(.enabled(if: TestImaging.portraitsAvailable, "needs the shared portraits (../shared/testdata/portraits)"))
        func differentFaceForTheSameNumberNeedsASiteAdminOverride() async throws {
            try await TestLibrary.with { library in
                let first = try await library.upload(try TestImaging.portrait("deepface__img13.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(first.status == .created, "\(first.body.string)")
                let impostor = try TestImaging.fixture("portrait.jpg")
                let refused = try await library.upload(impostor, metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(refused.status == .conflict && refused.errorCode == "identity_mismatch")
                #expect((refused.json["distance"] as? Double ?? 0) >= 0.6)
                #expect(refused.json["previousCaptureId"] as? String == first.json["captureId"] as? String)

                let noAdmin = try await library.upload(impostor, metadata: TestLibrary.metadata(extra: ["override": ["reason": "checked the passport"]]), as: "operatorA")
                #expect(noAdmin.status == .forbidden)
                let otherSiteAdmin = try await library.upload(impostor, metadata: TestLibrary.metadata(extra: ["override": ["reason": "checked the passport", "adminToken": library.tokens["siteAdminB"]!]]), as: "operatorA")
                #expect(otherSiteAdmin.status == .forbidden)
                let noReason = try await library.upload(impostor, metadata: TestLibrary.metadata(extra: ["override": ["reason": " ", "adminToken": library.tokens["siteAdminA"]!]]), as: "operatorA")
                #expect(noReason.status == .unprocessableEntity && noReason.errorCode == "override_reason_required")
                let confirmed = try await library.upload(impostor, metadata: TestLibrary.metadata(extra: ["override": ["reason": "checked the passport: name change", "adminToken": library.tokens["siteAdminA"]!]]), as: "operatorA")
                #expect(confirmed.status == .created)
                #expect(confirmed.json["override"] as? String == "checked the passport: name change")

                let outcomes = try await CaptureLog.query(on: library.app.db).sort(\.$at).all().map(\.outcome)
                #expect(outcomes.first == .accepted && outcomes.last == .overridden)
                #expect(outcomes.contains(.identityMismatch))
                let admin = try await Staff.query(on: library.app.db).filter(\.$username == "siteAdminA").first()
                let capture = try await Capture.find(UUID(uuidString: confirmed.json["captureId"] as! String), on: library.app.db)
                #expect(capture?.$overrideBy.id == admin?.id)

                // The same face again is no mismatch.
                let same = try await library.upload(try TestImaging.fixture("portrait.png"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(same.status == .created)
            }
        }
    }

    @Suite struct ComponentsTests {
        func post(_ library: TestLibrary, _ component: String, _ parts: [(String, String?, [UInt8])]) async throws -> TestingHTTPResponse {
            let form = Multipart.form(parts.map { (name: $0.0, filename: $0.1, bytes: $0.2) })
            return try await library.send(.POST, "/api/v1/components/\(component)", as: "operatorA", headers: form.headers, body: form.body)
        }

        @Test func detectQualityCropAndRecaptureAnswerWithoutStoringAnything() async throws {
            try await TestLibrary.with(imaging: TestImaging.standard) { library in
                let portrait = try TestImaging.fixture("portrait.jpg")
                let detect = try await post(library, "detect", [("image", "p.jpg", portrait)])
                #expect(detect.status == .ok)
                // Every detection is listed (the flag's small faces too); one face is the person's.
                #expect(((detect.json["faces"] as? [Any])?.count ?? 0) >= 1)
                #expect(detect.json["refusal"] == nil)
                #expect(((detect.json["face"] as? [String: Any])?["landmarks"] as? [Any])?.count == 68)
                let two = try await post(library, "detect", [("image", "p.jpg", try TestImaging.fixture("two-faces.jpg"))])
                #expect((two.json["refusal"] as? [String: Any])?["code"] as? String == "multiple_faces")

                let quality = try await post(library, "quality", [("image", "p.jpg", portrait), ("spec", nil, Array("cn-id-card".utf8))])
                #expect(quality.status == .ok)
                #expect(quality.json["verdict"] as? String == "fail")
                let measures = (((quality.json["quality"] as? [String: Any])?["specs"] as? [[String: Any]])?.first?["measures"] as? [[String: Any]]) ?? []
                #expect(measures.count == 25)

                let crop = try await post(library, "crop", [("image", "p.jpg", portrait), ("spec", nil, Array("cn-id-card".utf8))])
                #expect(crop.status == .ok && crop.headers.contentType == .jpeg)
                #expect(Array(crop.body.readableBytesView.prefix(2)) == [0xFF, 0xD8])
                #expect(crop.headers.first(name: "X-PhotoOnce-Compliant") != nil)
                let noSpec = try await post(library, "crop", [("image", "p.jpg", portrait)])
                #expect(noSpec.status == .badRequest && noSpec.errorCode == "missing_spec")
                let badSpec = try await post(library, "crop", [("image", "p.jpg", portrait), ("spec", nil, Array("library-card".utf8))])
                #expect(badSpec.status == .unprocessableEntity && badSpec.errorCode == "unknown_spec")

                let recapture = try await post(library, "recapture", [("image", "p.jpg", portrait)])
                #expect(recapture.status == .ok)
                #expect(recapture.json["recaptured"] as? Bool == false)
                #expect((recapture.json["measure"] as? [String: Any])?["name"] as? String == "recapture")
                let notImage = try await post(library, "quality", [("image", "p.jpg", try TestImaging.fixture("text.jpg"))])
                #expect(notImage.status == .unsupportedMediaType && notImage.errorCode == "unsupported_format")

                #expect(try library.app.library.blobs.inventory().isEmpty)
                #expect(try await CaptureLog.query(on: library.app.db).count() == 0)
            }
        }

        /// MultipartKit crashes on a non-ASCII byte in a part's header name (found by
        /// schemathesis); the server refuses such a form before the parser sees it.
        @Test func nonASCIIHeaderNameInAFormIsRefusedNotFatal() async throws {
            try await TestLibrary.with(imaging: TestImaging.standard) { library in
                var body = ByteBuffer(string: "--b0undary\r\nContent-Disposition: form-data; name=\"image\"\r\n")
                body.writeBytes([0xC3, 0xA9, 0x3A, 0x20, 0x78, 0x0D, 0x0A, 0x0D, 0x0A])
                body.writeString("data\r\n--b0undary--\r\n")
                for path in ["/api/v1/components/detect", "/api/v1/captures"] {
                    let response = try await library.send(.POST, path, as: "operatorA", headers: ["Content-Type": "multipart/form-data; boundary=b0undary"], body: body)
                    #expect(response.status == .badRequest && response.errorCode == "invalid_form", "\(path): \(response.body.string)")
                }
                #expect(try await library.send(.GET, "/healthz", as: nil).status == .ok)
            }
        }

        @Test func healthOpenAPIAndSpecsArePublicAndUnknownRoutesAnswerJSON() async throws {
            try await TestLibrary.with(imaging: TestImaging.standard) { library in
                let health = try await library.send(.GET, "/healthz", as: nil)
                #expect(health.status == .ok && health.json["status"] as? String == "ok")
                let document = try await library.send(.GET, "/openapi.yaml", as: nil)
                #expect(document.status == .ok && document.body.string.hasPrefix("openapi: 3.1.0"))
                let specs = try await library.send(.GET, "/api/v1/specs", as: nil)
                #expect((specs.json["captureSet"] as? [String])?.count == 5)
                let front = try await library.send(.GET, "/", as: nil)
                #expect(front.status.code == 303 && front.headers.first(name: .location) == "/station")
                let missing = try await library.send(.GET, "/api/v1/nothing-here", as: "operatorA")
                #expect(missing.status == .notFound && missing.errorCode == "not_found")
            }
        }
    }
}
