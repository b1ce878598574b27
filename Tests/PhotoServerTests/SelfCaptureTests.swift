import Fluent
import Foundation
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    /// A signed-in citizen's own phone photo: their own identity only, channel `phone`, filed
    /// under the node's online site, no operator, and no override for a different face.
    @Suite struct SelfCaptureTests {
        static func upload(_ library: TestLibrary, _ image: [UInt8], as who: String?, captureID: UUID? = nil, location: (Double, Double)? = nil) async throws -> TestingHTTPResponse {
            var parts: [(name: String, filename: String?, bytes: [UInt8])] = [("image", "phone.jpg", image)]
            if let captureID { parts.append(("captureId", nil, Array(captureID.uuidString.utf8))) }
            if let location {
                parts.append(("latitude", nil, Array(String(location.0).utf8)))
                parts.append(("longitude", nil, Array(String(location.1).utf8)))
            }
            let form = Multipart.form(parts)
            return try await library.send(.POST, "/api/v1/self-captures", as: who, headers: form.headers, body: form.body)
        }

        @Test func citizenTakesTheirOwnPhotoOnChannelPhone() async throws {
            try await TestLibrary.with { library in
                var library = library
                let image = try TestImaging.fixture("portrait.jpg")
                #expect(try await Self.upload(library, image, as: nil).status == .unauthorized)
                #expect(try await Self.upload(library, image, as: "operatorA").status == .unauthorized, "staff use the station, not this route")
                try await library.signInCitizen("测试 Alice", number: TestIdentity.alice)
                let closed = try await Self.upload(library, image, as: "测试 Alice")
                #expect(closed.status == .serviceUnavailable && closed.errorCode == "self_capture_unavailable")
                #expect((closed.json["message"] as? String)?.contains("photo site") == true)

                try await Site(code: "ONLINE", name: "online", kind: .online, latitude: nil, longitude: nil).create(on: library.app.db)
                let id = UUID()
                let stored = try await Self.upload(library, image, as: "测试 Alice", captureID: id, location: (29.98, 122.2))
                #expect(stored.status == .created, "\(stored.body.string)")
                #expect(stored.json["channel"] as? String == "phone")
                let again = try await Self.upload(library, image, as: "测试 Alice", captureID: id)
                #expect(again.status == .ok, "a phone retrying the upload gets the same capture")

                let capture = try #require(try await Capture.query(on: library.app.db).with(\.$person).with(\.$site).first())
                #expect(capture.id == id && capture.$operator.id == nil && capture.site.code == "ONLINE")
                #expect(capture.latitude == 29.98 && capture.longitude == 122.2)
                let alice = try library.app.library.identities.open(capture.person.identitySealed, type: capture.person.identityType)
                #expect(alice.number == TestIdentity.alice)
                let logs = try await CaptureLog.query(on: library.app.db).all()
                #expect(logs.map(\.outcome).contains(.accepted) && logs.allSatisfy { $0.channel == "phone" && $0.operatorID == nil })

                let notAnImage = try await Self.upload(library, Array("hello".utf8), as: "测试 Alice")
                #expect(notAnImage.status == .unsupportedMediaType)
            }
        }

        @Test(.enabled(if: TestImaging.portraitsAvailable, "needs the shared portraits (../shared/testdata/portraits)"))
        func aDifferentFaceCannotReplaceTheLibrarysPhotoFromAPhone() async throws {
            try await TestLibrary.with { library in
                var library = library
                let first = try await library.upload(try TestImaging.portrait("deepface__img13.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(first.status == .created)
                try await Site(code: "ONLINE", name: "online", kind: .online, latitude: nil, longitude: nil).create(on: library.app.db)
                try await library.signInCitizen("测试 Alice", number: TestIdentity.alice)
                let refused = try await Self.upload(library, try TestImaging.fixture("portrait.jpg"), as: "测试 Alice")
                #expect(refused.status == .conflict && refused.errorCode == "identity_mismatch")
                #expect((refused.json["message"] as? String)?.contains("photo site") == true)
            }
        }
    }
}
