import Crypto
import Fluent
import Foundation
@testable import PhotoServer
import PhotoKit
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    /// Phone self-capture: a signed link from staff lets one citizen upload their own photo.
    @Suite struct CaptureLinkTests {
        func issue(_ library: TestLibrary, as who: String, site: String = TestLibrary.siteA, origin: String? = nil) async throws -> TestingHTTPResponse {
            var fields: [String: Any] = ["identity": ["type": "resident-id", "number": TestIdentity.bob], "name": "测试 Bob", "siteCode": site]
            if let origin { fields["origin"] = origin }
            let body = try JSONSerialization.data(withJSONObject: fields)
            var headers = HTTPHeaders()
            headers.contentType = .json
            return try await library.send(.POST, "/api/v1/capture-links", as: who, headers: headers, body: ByteBuffer(data: body))
        }

        func withLink(_ library: TestLibrary, _ token: String, _ method: HTTPMethod, _ path: String, form: Multipart? = nil) async throws -> TestingHTTPResponse {
            var headers = form?.headers ?? HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            return try await library.app.testing().sendRequest(method, path, headers: headers, body: form?.body)
        }

        @Test func aLinkUploadsOneCitizensPhotoOnChannelPhoneAsTheIssuersCapture() async throws {
            try await TestLibrary.with { library in
                let issued = try await issue(library, as: "operatorA")
                #expect(issued.status == .created)
                let token = try #require(issued.json["token"] as? String)
                #expect(issued.json["url"] as? String == "/capture#" + token)
                #expect(!token.contains(TestIdentity.bob), "the number is sealed inside the link")

                let current = try await withLink(library, token, .GET, "/api/v1/capture-links/current")
                #expect(current.status == .ok && current.json["name"] as? String == "测试 Bob")
                #expect(current.json["identityNumber"] == nil)

                let portrait = try TestImaging.fixture("portrait.jpg")
                let guidance = try await withLink(library, token, .POST, "/api/v1/components/guidance",
                                                  form: Multipart.form([(name: "image", filename: "f.jpg", bytes: portrait)]))
                #expect(guidance.status == .ok)

                let captureID = UUID()
                let form = Multipart.form([(name: "image", filename: "p.jpg", bytes: portrait), (name: "captureId", filename: nil, bytes: Array(captureID.uuidString.utf8))])
                let uploaded = try await withLink(library, token, .POST, "/api/v1/capture-links/capture", form: form)
                #expect(uploaded.status == .created, "\(uploaded.body.string)")
                #expect(uploaded.json["channel"] as? String == "phone")
                #expect(uploaded.json["siteCode"] as? String == TestLibrary.siteA)
                let again = try await withLink(library, token, .POST, "/api/v1/capture-links/capture", form: form)
                #expect(again.status == .ok && again.json["captureId"] as? String == captureID.uuidString)

                let capture = try #require(try await Capture.find(captureID, on: library.app.db))
                #expect(capture.channel == .phone)
                let history = try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.bob)/photos", as: "operatorA")
                #expect((history.json["captures"] as? [Any])?.count == 1)
            }
        }

        /// With the page's origin, the link comes as a QR code the citizen scans at the window,
        /// and the code holds exactly the whole link.
        @Test func aLinkComesAsAQRCodeOfTheWholeLink() async throws {
            try await TestLibrary.with { library in
                let issued = try await issue(library, as: "operatorA", origin: "https://photo.zhoushan.example")
                #expect(issued.status == .created)
                let png = try #require((issued.json["qrPng"] as? String).flatMap { Data(base64Encoded: $0) })
                let url = try #require(issued.json["url"] as? String)
                #expect(try QRCode.read([UInt8](png)) == "https://photo.zhoushan.example" + url)
                #expect(try await issue(library, as: "operatorA").json["qrPng"] == nil, "no origin, no QR code")
                for bad in ["javascript:alert(1)", "https://photo.example/evil?x=1", "photo.example"] {
                    let refused = try await issue(library, as: "operatorA", origin: bad)
                    #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_origin", "\(bad)")
                }
            }
        }

        @Test func aLinkOpensNothingElseAndATamperedOrForeignLinkIsRefused() async throws {
            try await TestLibrary.with { library in
                let token = try #require(try await issue(library, as: "operatorA").json["token"] as? String)
                for path in ["/api/v1/persons/resident-id/\(TestIdentity.bob)/status", "/api/v1/sites", "/api/v1/capture-logs"] {
                    #expect(try await withLink(library, token, .GET, path).status == .unauthorized, "\(path)")
                }
                let detect = try await withLink(library, token, .POST, "/api/v1/components/detect",
                                                form: Multipart.form([(name: "image", filename: "f.jpg", bytes: try TestImaging.fixture("portrait.jpg"))]))
                #expect(detect.status == .unauthorized)
                var tampered = Array(token)
                tampered[token.count / 2] = tampered[token.count / 2] == "A" ? "B" : "A"
                #expect(try await withLink(library, String(tampered), .GET, "/api/v1/capture-links/current").status == .unauthorized)
                let staffToken = try #require(library.tokens["operatorA"])
                #expect(try await withLink(library, staffToken, .GET, "/api/v1/capture-links/current").status == .unauthorized)

                // Staff issue links only for their own site; a link signed with another key fails.
                #expect(try await issue(library, as: "operatorA", site: TestLibrary.siteB).status == .forbidden)
                #expect(try await issue(library, as: "auditor").status == .forbidden)
                let link = try #require(CaptureLink.verify(token, key: library.app.captureLinkKey))
                let foreign = try link.token(key: SymmetricKey(size: .bits256))
                #expect(try await withLink(library, foreign, .GET, "/api/v1/capture-links/current").status == .unauthorized)
                #expect(CaptureLink.verify(token, key: library.app.captureLinkKey, now: link.expiresAt.addingTimeInterval(1)) == nil)
            }
        }
    }
}
