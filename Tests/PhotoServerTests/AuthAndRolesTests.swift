import Fluent
import Foundation
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    @Suite struct AuthAndRolesTests {
        @Test func signsInWithPasswordAndRejectsWrongOnes() async throws {
            try await TestLibrary.with { library in
                func login(_ user: String, _ password: String) async throws -> TestingHTTPResponse {
                    try await library.send(.POST, "/api/v1/auth/login", as: nil, headers: ["Content-Type": "application/json"],
                                           body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["username": user, "password": password])))
                }
                let good = try await login("operatorA", "password-123")
                #expect(good.status == .ok)
                let token = try #require(good.json["token"] as? String)
                #expect((good.json["staff"] as? [String: Any])?["siteCode"] as? String == TestLibrary.siteA)
                let me = try await library.app.testing().sendRequest(.GET, "/api/v1/auth/me", headers: ["Authorization": "Bearer \(token)"])
                #expect(me.status == .ok && me.json["role"] as? String == "operator")

                let wrong = try await login("operatorA", "password-124")
                #expect(wrong.status == .unauthorized && wrong.errorCode == "invalid_credentials")
                let nobody = try await login("nobody", "password-123")
                #expect(nobody.status == .unauthorized && nobody.errorCode == "invalid_credentials")
                #expect(wrong.json["message"] as? String == nobody.json["message"] as? String, "the answer does not reveal which usernames exist")

                let out = try await library.app.testing().sendRequest(.POST, "/api/v1/auth/logout", headers: ["Authorization": "Bearer \(token)"])
                #expect(out.status == .noContent)
                let after = try await library.app.testing().sendRequest(.GET, "/api/v1/auth/me", headers: ["Authorization": "Bearer \(token)"])
                #expect(after.status == .unauthorized)
            }
        }

        @Test func expiredTokensAndDeactivatedStaffAreRefused() async throws {
            try await TestLibrary.with { library in
                let staff = try #require(try await Staff.query(on: library.app.db).filter(\.$username == "operatorA").first())
                let token = TokenHash.newToken()
                try await StaffToken(staffID: try staff.requireID(), tokenHash: TokenHash.of(token), expiresAt: Date().addingTimeInterval(-1)).create(on: library.app.db)
                let expired = try await library.app.testing().sendRequest(.GET, "/api/v1/auth/me", headers: ["Authorization": "Bearer \(token)"])
                #expect(expired.status == .unauthorized && expired.errorCode == "unauthorized")
                #expect(expired.headers.first(name: .wwwAuthenticate) == "Bearer")
                staff.active = false
                try await staff.save(on: library.app.db)
                let disabled = try await library.send(.GET, "/api/v1/auth/me", as: "operatorA")
                #expect(disabled.status == .unauthorized)
            }
        }

        @Test func deactivatingOrChangingStaffTakesEffectAtOnceThoughTheirTokenIsCached() async throws {
            try await TestLibrary.with { library in
                // setup: each token has been found live once, so the server trusts it from memory
                #expect(try await library.send(.GET, "/api/v1/auth/me", as: "operatorA").status == .ok)
                #expect(try await library.send(.GET, "/api/v1/capture-logs", as: "siteAdminA").status == .ok)
                #expect(library.app.staffTokens.principal(tokenHash: TokenHash.of(library.tokens["operatorA"]!)) != nil)
                // MUT
                let operatorA = try #require(try await Staff.query(on: library.app.db).filter(\.$username == "operatorA").first())
                operatorA.active = false
                try await operatorA.save(on: library.app.db)
                let siteAdminA = try #require(try await Staff.query(on: library.app.db).filter(\.$username == "siteAdminA").first())
                siteAdminA.role = .operator
                try await siteAdminA.save(on: library.app.db)
                // validation
                #expect(try await library.send(.GET, "/api/v1/auth/me", as: "operatorA").status == .unauthorized)
                #expect(try await library.send(.GET, "/api/v1/capture-logs", as: "siteAdminA").status == .forbidden)
                #expect(try await library.send(.GET, "/api/v1/auth/me", as: "cityAdmin").status == .ok, "others' tokens still work")
            }
        }

        /// Each role against each staff route: the status says whether the role got past the
        /// checks (an empty upload then fails as 415, after authorization).
        @Test func everyRoleOnEveryRoute() async throws {
            try await TestLibrary.with { library in
                let seeded = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                let captureID = try #require(seeded.json["captureId"] as? String)
                let photoURL = try #require((seeded.json["photos"] as? [[String: Any]])?.first?["url"] as? String)
                let empty: [UInt8] = []
                let roles = ["operatorA", "operatorB", "siteAdminA", "siteAdminB", "cityAdmin", "auditor", "nobody"]
                typealias Route = (String, (String) async throws -> TestingHTTPResponse, [HTTPResponseStatus])
                // Expected status per role, in the order of `roles`.
                let routes: [Route] = [
                    ("POST capture at site A", { try await library.upload(empty, metadata: TestLibrary.metadata(), as: $0) },
                     [.unsupportedMediaType, .forbidden, .unsupportedMediaType, .forbidden, .unsupportedMediaType, .forbidden, .unauthorized]),
                    ("GET capture of site A", { try await library.send(.GET, "/api/v1/captures/\(captureID)", as: $0) },
                     [.ok, .forbidden, .ok, .forbidden, .ok, .ok, .unauthorized]),
                    ("GET photo", { try await library.send(.GET, photoURL, as: $0) },
                     [.ok, .ok, .ok, .ok, .ok, .forbidden, .unauthorized]),
                    ("GET person status", { try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.alice)/status", as: $0) },
                     [.ok, .ok, .ok, .ok, .ok, .forbidden, .unauthorized]),
                    ("GET person photos", { try await library.send(.GET, "/api/v1/persons/resident-id/\(TestIdentity.alice)/photos", as: $0) },
                     [.ok, .ok, .ok, .ok, .ok, .forbidden, .unauthorized]),
                    ("GET capture logs", { try await library.send(.GET, "/api/v1/capture-logs", as: $0) },
                     [.forbidden, .forbidden, .ok, .ok, .ok, .ok, .unauthorized]),
                    ("GET site A's log", { try await library.send(.GET, "/api/v1/capture-logs?site=\(TestLibrary.siteA)", as: $0) },
                     [.forbidden, .forbidden, .ok, .forbidden, .ok, .ok, .unauthorized]),
                    ("GET sites", { try await library.send(.GET, "/api/v1/sites", as: $0) },
                     [.ok, .ok, .ok, .ok, .ok, .ok, .unauthorized]),
                    ("POST component detect", {
                        let form = Multipart.form([("image", "a.jpg", empty)])
                        return try await library.send(.POST, "/api/v1/components/detect", as: $0, headers: form.headers, body: form.body)
                    }, [.unsupportedMediaType, .unsupportedMediaType, .unsupportedMediaType, .unsupportedMediaType, .unsupportedMediaType, .forbidden, .unauthorized]),
                ]
                for (label, call, expected) in routes {
                    for (role, status) in zip(roles, expected) {
                        let response = try await call(role)
                        #expect(response.status == status, "\(label) as \(role): \(response.body.string)")
                        if status.code >= 400 { #expect(response.errorCode != nil, "\(label) as \(role) answers with an error code") }
                    }
                }
                let siteAdminLog = try await library.send(.GET, "/api/v1/capture-logs", as: "siteAdminB")
                #expect(siteAdminLog.jsonArray.allSatisfy { $0["siteCode"] as? String == TestLibrary.siteB }, "site admins see their own site's log only")
                let cityLog = try await library.send(.GET, "/api/v1/capture-logs?outcome=forbidden", as: "cityAdmin")
                #expect(cityLog.jsonArray.count == 2, "the refused uploads for another site (operator and site admin of B) are logged")
            }
        }
    }
}
