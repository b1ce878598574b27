import Crypto
import Fluent
import Foundation
import PhotoKit
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    /// Department sharing: citizens' grants, redemption by department users, policies that
    /// never widen a grant, rate limits, and department systems' signed requests.
    @Suite struct SharingTests {
        /// Alice photographed at site A and signed in as a citizen.
        static func photographedAlice(_ library: TestLibrary) async throws -> TestLibrary {
            var library = library
            let upload = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
            #expect(upload.status == .created, "capture: \(upload.body.string)")
            try await library.signInCitizen("Alice", number: TestIdentity.alice)
            return library
        }

        static func json(_ object: [String: Any]) throws -> ByteBuffer { ByteBuffer(data: try JSONSerialization.data(withJSONObject: object)) }
        static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json"]

        static func base64(_ value: Any?) throws -> Data {
            guard let text = value as? String, let data = Data(base64Encoded: text) else { throw TestFailure("not base64: \(String(describing: value))") }
            return data
        }

        static func grant(_ library: TestLibrary, _ matter: String = TestLibrary.matterA) async throws -> (id: String, code: String, body: [String: Any]) {
            let response = try await library.send(.POST, "/api/v1/me/grants", as: "Alice", headers: jsonHeaders, body: try json(["matterCode": matter]))
            #expect(response.status == .created, "grant: \(response.body.string)")
            return (try #require(response.json["grantId"] as? String), try #require(response.json["code"] as? String), response.json)
        }

        static func redeem(_ library: TestLibrary, _ code: String, as who: String? = "deptUserA", purpose: String? = nil) async throws -> TestingHTTPResponse {
            var body: [String: Any] = ["code": code]
            if let purpose { body["purpose"] = purpose }
            return try await library.send(.POST, "/api/v1/share/redeem", as: who, headers: jsonHeaders, body: try json(body))
        }

        @Test func citizenGrantsAndTheDepartmentRedeemsOnce() async throws {
            try await TestLibrary.with { library in
                let library = try await Self.photographedAlice(library)
                let (id, code, issued) = try await Self.grant(library)
                #expect(GrantCodes.isWellFormed(code) && code.count >= 8)
                #expect(issued["status"] as? String == "active" && issued["maxUses"] as? Int == 1)
                let expiresAt = try #require((issued["expiresAt"] as? String).flatMap(APIJSON.parseDate))
                #expect(abs(expiresAt.timeIntervalSinceNow - 600) < 30, "ten minutes to redeem by default")
                let qr = try Self.base64(issued["qrPng"])
                #expect(try QRCode.read([UInt8](qr)) == code, "the QR code holds the code")
                let stored = try await Grant.query(on: library.app.db).all()
                #expect(stored.count == 1 && !stored[0].codeHash.contains(GrantCodes.normalised(code)), "only a keyed hash is stored")

                let first = try await Self.redeem(library, code.lowercased().replacingOccurrences(of: "-", with: " "), purpose: "医保卡新办")
                #expect(first.status == .ok, "\(first.body.string)")
                #expect(first.json["matterCode"] as? String == TestLibrary.matterA)
                #expect(first.json["purpose"] as? String == "医保卡新办")
                #expect(first.json["spec"] as? String == "cn-id-card" && first.json["background"] as? String == "white")
                #expect(first.json["usesLeft"] as? Int == 0 && first.json["watermarked"] as? Bool == false)
                #expect((first.json["person"] as? [String: Any])?["name"] as? String == "测试 Alice")
                let photo = try Self.base64(first.json["photo"])
                let decoded = try ImageDecoder().decode([UInt8](photo))
                #expect(decoded.image.width == 358 && decoded.image.height == 441)

                let second = try await Self.redeem(library, code)
                #expect(second.status == .conflict && second.errorCode == "grant_used")

                let listed = try await library.send(.GET, "/api/v1/me/grants", as: "Alice")
                #expect(listed.jsonArray.first?["grantId"] as? String == id && listed.jsonArray.first?["status"] as? String == "used")

                let audit = try await library.send(.GET, "/api/v1/audit?action=grant.redeem", as: "auditor")
                let records = try #require(audit.json["records"] as? [[String: Any]])
                #expect(records.map { $0["outcome"] as? String } == ["grant_used", "allowed"])
                #expect(records.allSatisfy { $0["grantId"] as? String == id && $0["departmentCode"] as? String == TestLibrary.departmentA
                        && $0["actorKind"] as? String == "department-user" && $0["matterCode"] as? String == TestLibrary.matterA })
                #expect(records.last?["photoId"] as? String != nil && records.last?["purpose"] as? String == "医保卡新办")
                let created = try await library.send(.GET, "/api/v1/audit?action=grant.create", as: "auditor")
                #expect((created.json["records"] as? [[String: Any]])?.count == 1)
                try await library.app.auditJournal.settle()
                #expect(try await library.app.auditChain.verify(on: library.app.db).intact)
            }
        }

        @Test func everyRefusalHasItsOwnStatusAndCode() async throws {
            try await TestLibrary.with { library in
                let library = try await Self.photographedAlice(library)
                let unknown = try await Self.redeem(library, "AAAAA-BBBBB")
                #expect(unknown.status == .notFound && unknown.errorCode == "grant_not_found")
                let nonsense = try await Self.redeem(library, "not a code")
                #expect(nonsense.status == .notFound && nonsense.errorCode == "grant_not_found")

                let (_, code, _) = try await Self.grant(library)
                let otherDepartment = try await Self.redeem(library, code, as: "deptUserB")
                #expect(otherDepartment.status == .forbidden && otherDepartment.errorCode == "wrong_department")

                let (revokedID, revokedCode, _) = try await Self.grant(library)
                let revoke = try await library.send(.DELETE, "/api/v1/me/grants/\(revokedID)", as: "Alice")
                #expect(revoke.status == .ok && revoke.json["status"] as? String == "revoked")
                let revoked = try await Self.redeem(library, revokedCode)
                #expect(revoked.status == .gone && revoked.errorCode == "grant_revoked")

                let (expiredID, expiredCode, _) = try await Self.grant(library)
                let grant = try #require(try await Grant.find(UUID(uuidString: expiredID), on: library.app.db))
                grant.expiresAt = Date().addingTimeInterval(-1)
                try await grant.save(on: library.app.db)
                let expired = try await Self.redeem(library, expiredCode)
                #expect(expired.status == .gone && expired.errorCode == "grant_expired")
                let listed = try await library.send(.GET, "/api/v1/me/grants", as: "Alice")
                #expect(Set(listed.jsonArray.compactMap { $0["status"] as? String }) == ["active", "revoked", "expired"])

                // The refused attempts left the grant usable by its own department.
                #expect(try await Self.redeem(library, code).status == .ok)
                // Another citizen cannot see or revoke Alice's grant.
                var withBob = library
                try await withBob.signInCitizen("Bob", number: TestIdentity.bob)
                #expect(try await withBob.send(.DELETE, "/api/v1/me/grants/\(expiredID)", as: "Bob").status == .notFound)
                #expect(try await withBob.send(.GET, "/api/v1/me/grants", as: "Bob").jsonArray.isEmpty)
                let noPhoto = try await withBob.send(.POST, "/api/v1/me/grants", as: "Bob", headers: Self.jsonHeaders, body: try Self.json(["matterCode": TestLibrary.matterA]))
                #expect(noPhoto.status == .conflict && noPhoto.errorCode == "photo_unavailable")
                let noMatter = try await withBob.send(.POST, "/api/v1/me/grants", as: "Bob", headers: Self.jsonHeaders, body: try Self.json(["matterCode": "NOPE"]))
                #expect(noMatter.status == .notFound)

                try await library.app.auditJournal.settle()
                let refusals = try await AuditRecord.query(on: library.app.db).filter(\.$action == AuditAction.grantRedeem).all().map(\.outcome)
                #expect(Set(refusals).isSuperset(of: ["grant_not_found", "wrong_department", "grant_revoked", "grant_expired", "allowed"]))
            }
        }

        /// Every role, citizens and anonymous callers against every sharing route.
        @Test func accessMatrix() async throws {
            try await TestLibrary.with { library in
                var library = library
                try await library.signInCitizen("Alice", number: TestIdentity.alice)
                let grantBody = try Self.json(["matterCode": TestLibrary.matterA])
                let redeemBody = try Self.json(["code": "AAAAA-BBBBB"])
                let frame = try TestImaging.fixture("portrait.jpg")
                let routes: [(String, HTTPMethod, String, ByteBuffer?, HTTPHeaders)] = [
                    ("create grant", .POST, "/api/v1/me/grants", grantBody, Self.jsonHeaders),
                    ("list grants", .GET, "/api/v1/me/grants", nil, [:]),
                    ("revoke grant", .DELETE, "/api/v1/me/grants/\(UUID())", nil, [:]),
                    ("redeem", .POST, "/api/v1/share/redeem", redeemBody, Self.jsonHeaders),
                    ("scan", .POST, "/api/v1/share/scan", ByteBuffer(bytes: frame), ["Content-Type": "image/jpeg"]),
                    ("system fetch", .POST, "/api/v1/system/photos", try Self.json(["matterCode": TestLibrary.matterA, "purpose": "x", "grantCode": "AAAAA-BBBBB"]), Self.jsonHeaders),
                ]
                let staff = ["operatorA", "siteAdminA", "cityAdmin", "auditor"]
                for (name, method, path, body, headers) in routes {
                    for who in [nil, "Alice", "deptUserA"] + staff {
                        let response = try await library.send(method, path, as: who, headers: headers, body: body)
                        let expected: HTTPStatus = switch (name, who) {
                        case ("system fetch", _): .unauthorized  // only signed requests; bearer tokens do not count
                        case ("create grant", "Alice"): .conflict  // allowed, but Alice has no photo yet
                        case ("list grants", "Alice"): .ok
                        case ("revoke grant", "Alice"): .notFound
                        case (_, nil): .unauthorized
                        case ("redeem", "deptUserA"): .notFound
                        case ("scan", "deptUserA"): .unprocessableEntity  // a portrait holds no code
                        case ("redeem", _), ("scan", _): .forbidden
                        default: .unauthorized  // /me is for citizens: a staff token is not a citizen session
                        }
                        #expect(response.status == expected, "\(who ?? "anonymous") → \(name): \(response.status) \(response.body.string)")
                    }
                }
                // The published matters are public.
                let matters = try await library.send(.GET, "/api/v1/matters", as: nil)
                #expect(matters.status == .ok && matters.jsonArray.count == 4)
            }
        }

        @Test func aPolicyChangeNeverWidensAnExistingGrant() async throws {
            try await TestLibrary.with { library in
                let library = try await Self.photographedAlice(library)
                let catalog = library.app.imaging.catalog
                let (_, oldCode, _) = try await Self.grant(library, TestLibrary.matterAWatermarked)
                // Version 2: no watermark, grants for ten hours and five uses.
                let version = try await SharingAdministration.changePolicy(library.app.db, matterCode: TestLibrary.matterAWatermarked,
                                                                           terms: MatterTerms(spec: "cn-id-card", background: "white", purpose: "医保卡申领",
                                                                                              watermark: false, grantMinutes: 600, grantUses: 5),
                                                                           catalog: catalog)
                #expect(version == 2)
                let old = try await Self.redeem(library, oldCode)
                #expect(old.status == .ok)
                #expect(old.json["policyVersion"] as? Int == 1 && old.json["watermarked"] as? Bool == true && old.json["usesLeft"] as? Int == 0)
                #expect(try await Self.redeem(library, oldCode).errorCode == "grant_used", "still one use")
                let grants = try await Grant.query(on: library.app.db).all()
                #expect(grants.allSatisfy { $0.maxUses == 1 && $0.expiresAt.timeIntervalSinceNow < 700 })

                let (_, newCode, issued) = try await Self.grant(library, TestLibrary.matterAWatermarked)
                #expect(issued["maxUses"] as? Int == 5)
                let new = try await Self.redeem(library, newCode)
                #expect(new.json["policyVersion"] as? Int == 2 && new.json["watermarked"] as? Bool == false && new.json["usesLeft"] as? Int == 4)

                // Narrowing applies at once: a watermark added later marks photos of older grants too.
                let (_, plainCode, _) = try await Self.grant(library, TestLibrary.matterA)
                try await SharingAdministration.changePolicy(library.app.db, matterCode: TestLibrary.matterA,
                                                             terms: MatterTerms(spec: "cn-id-card", background: "white", purpose: "医保卡申领", watermark: true),
                                                             catalog: catalog)
                let marked = try await Self.redeem(library, plainCode)
                #expect(marked.json["policyVersion"] as? Int == 1 && marked.json["watermarked"] as? Bool == true)
                let markedPhoto = try Self.base64(marked.json["photo"])
                #expect(try ImageDecoder().decode([UInt8](markedPhoto)).image.width == 358)
            }
        }

        @Test func failedRedemptionsAreRateLimitedPerUser() async throws {
            try await TestLibrary.with { library in
                for attempt in 1...10 {
                    let response = try await Self.redeem(library, "AAAAA-BBBB\(attempt % 2 == 0 ? "C" : "D")")
                    #expect(response.status == .notFound, "attempt \(attempt)")
                }
                let limited = try await Self.redeem(library, "AAAAA-BBBBB")
                #expect(limited.status == .tooManyRequests && limited.errorCode == "rate_limited")
                let wait = try #require(limited.headers.first(name: .retryAfter).flatMap(Int.init))
                #expect(wait > 0 && wait <= 15 * 60)
                #expect(try await Self.redeem(library, "AAAAA-BBBBB", as: "deptUserB").status == .notFound, "another user is not limited")
                try await library.app.auditJournal.settle()
                let records = try await AuditRecord.query(on: library.app.db).filter(\.$outcome == "rate_limited").count()
                #expect(records == 1, "the refused attempt is recorded")
            }
        }

        /// Over a real socket (so requests have an IP): failures of two users from one
        /// address add up to the per-IP limit.
        @Test func failedRedemptionsAreRateLimitedPerIP() async throws {
            try await TestLibrary.with { library in
                library.app.sharing.limiter = AttemptLimiter(window: 60, perUser: 100, perIP: 3)
                let live = try library.app.testing(method: .running(port: 0))
                func attempt(_ who: String) async throws -> TestingHTTPResponse {
                    var headers = library.headers(who)
                    headers.replaceOrAdd(name: .contentType, value: "application/json")
                    return try await live.sendRequest(.POST, "/api/v1/share/redeem", headers: headers, body: try Self.json(["code": "AAAAA-BBBBB"]))
                }
                #expect(try await attempt("deptUserA").status == .notFound)
                #expect(try await attempt("deptUserA").status == .notFound)
                #expect(try await attempt("deptUserB").status == .notFound)
                let limited = try await attempt("deptUserB")
                #expect(limited.status == .tooManyRequests && limited.headers.first(name: .retryAfter) != nil)
                #expect(try await attempt("deptUserA").status == .tooManyRequests)
            }
        }

        /// Many redemptions of a one-use code at once: exactly one gets the photo.
        @Test func concurrentRedemptionsOfOneCodeDeliverOnce() async throws {
            try await TestLibrary.with { library in
                let library = try await Self.photographedAlice(library)
                let (_, code, _) = try await Self.grant(library)
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<6 { group.addTask { try await Self.redeem(library, code).status } }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
                #expect(statuses.filter { $0 == .conflict }.count == 5)
                let grant = try #require(try await Grant.query(on: library.app.db).first())
                #expect(grant.uses == 1 && grant.state == .used)
            }
        }

        @Test func attemptLimiterCountsPerUserAndPerIP() async throws {
            let limiter = AttemptLimiter(window: 60, perUser: 3, perIP: 5)
            let start = Date()
            for n in 0..<3 { await limiter.recordFailure(user: "a", ip: "10.0.0.1", now: start.addingTimeInterval(Double(n))) }
            #expect(await limiter.retryAfter(user: "a", ip: "10.0.0.1", now: start.addingTimeInterval(3)) == 57)
            #expect(await limiter.retryAfter(user: "b", ip: "10.0.0.1", now: start.addingTimeInterval(3)) == nil)
            for n in 0..<2 { await limiter.recordFailure(user: "b", ip: "10.0.0.1", now: start.addingTimeInterval(4 + Double(n))) }
            #expect(await limiter.retryAfter(user: "c", ip: "10.0.0.1", now: start.addingTimeInterval(6)) != nil, "the IP reached its limit")
            #expect(await limiter.retryAfter(user: "c", ip: "10.0.0.2", now: start.addingTimeInterval(6)) == nil)
            #expect(await limiter.retryAfter(user: "a", ip: nil, now: start.addingTimeInterval(61)) == nil, "failures leave the window")
        }

        // MARK: Department systems

        struct Signer {
            var keyID: String
            var secret: String

            func headers(_ body: [UInt8], method: String = "POST", path: String = "/api/v1/system/photos", at time: Date = Date(),
                         nonce: String = UUID().uuidString, secret override: String? = nil) -> HTTPHeaders {
                let timestamp = String(Int(time.timeIntervalSince1970))
                let signature = RequestSignature.signature(secret: override ?? secret, method: method, path: path, timestamp: timestamp, nonce: nonce, body: body)
                return ["Content-Type": "application/json", "X-PhotoOnce-Key-Id": keyID, "X-PhotoOnce-Timestamp": timestamp,
                        "X-PhotoOnce-Nonce": nonce, "X-PhotoOnce-Signature": signature]
            }
        }

        @Test func departmentSystemsSignTheirRequests() async throws {
            try await TestLibrary.with { library in
                let library = try await Self.photographedAlice(library)
                let issued = try await SharingAdministration.addCredential(library.app, departmentCode: TestLibrary.departmentA)
                let signer = Signer(keyID: issued.keyID, secret: issued.secret)
                let stored = try #require(try await DepartmentCredential.query(on: library.app.db).first())
                #expect(!stored.secretSealed.contains(issued.secret), "the secret is stored sealed")
                func fetch(_ object: [String: Any], headers: (([UInt8]) -> HTTPHeaders)? = nil) async throws -> TestingHTTPResponse {
                    let body = [UInt8](try JSONSerialization.data(withJSONObject: object))
                    return try await library.send(.POST, "/api/v1/system/photos", as: nil, headers: (headers ?? { signer.headers($0) })(body),
                                                  body: ByteBuffer(bytes: body))
                }
                let (_, code, _) = try await Self.grant(library)
                let byGrant: [String: Any] = ["matterCode": TestLibrary.matterA, "purpose": "医保卡制卡", "grantCode": code]
                // Bad: wrong secret; stale: ten minutes old. Neither uses the grant up.
                let bad = try await fetch(byGrant) { signer.headers($0, secret: "sk_wrong") }
                #expect(bad.status == .unauthorized && bad.errorCode == "signature_invalid")
                let stale = try await fetch(byGrant) { signer.headers($0, at: Date().addingTimeInterval(-600)) }
                #expect(stale.status == .unauthorized && stale.errorCode == "signature_stale")
                let unsigned = try await library.send(.POST, "/api/v1/system/photos", as: nil, headers: Self.jsonHeaders, body: try Self.json(byGrant))
                #expect(unsigned.status == .unauthorized && unsigned.errorCode == "signature_missing")
                let tampered = try await fetch(byGrant) { _ in signer.headers(Array("{}".utf8)) }
                #expect(tampered.errorCode == "signature_invalid", "the body is signed")

                // Good, then the very same request again.
                let body = [UInt8](try JSONSerialization.data(withJSONObject: byGrant))
                let headers = signer.headers(body)
                let good = try await library.send(.POST, "/api/v1/system/photos", as: nil, headers: headers, body: ByteBuffer(bytes: body))
                #expect(good.status == .ok, "\(good.body.string)")
                #expect(good.json["grantId"] != nil && good.json["purpose"] as? String == "医保卡制卡")
                let replayed = try await library.send(.POST, "/api/v1/system/photos", as: nil, headers: headers, body: ByteBuffer(bytes: body))
                #expect(replayed.status == .unauthorized && replayed.errorCode == "signature_replayed")

                // Scope: another department's matter; consent vs legal basis.
                let identity: [String: Any] = ["type": "resident-id", "number": TestIdentity.alice]
                let foreign = try await fetch(["matterCode": TestLibrary.matterB, "purpose": "x", "identity": identity])
                #expect(foreign.status == .forbidden && foreign.errorCode == "matter_not_in_scope")
                let consent = try await fetch(["matterCode": TestLibrary.matterA, "purpose": "x", "identity": identity])
                #expect(consent.status == .forbidden && consent.errorCode == "consent_required")
                let legal = try await fetch(["matterCode": TestLibrary.matterALegal, "purpose": "体检核验", "identity": identity])
                #expect(legal.status == .ok && legal.json["grantId"] == nil && legal.json["matterCode"] as? String == TestLibrary.matterALegal)
                let noPurpose = try await fetch(["matterCode": TestLibrary.matterALegal, "purpose": " ", "identity": identity])
                #expect(noPurpose.status == .badRequest && noPurpose.errorCode == "purpose_required")
                let nobody = try await fetch(["matterCode": TestLibrary.matterALegal, "purpose": "x", "identity": ["type": "resident-id", "number": TestIdentity.carol]])
                #expect(nobody.status == .notFound)
                // A grant of another department's matter, fetched under one's own matter.
                let (_, msaCode, _) = try await Self.grant(library, TestLibrary.matterB)
                let otherGrant = try await fetch(["matterCode": TestLibrary.matterA, "purpose": "x", "grantCode": msaCode])
                #expect(otherGrant.status == .forbidden && otherGrant.errorCode == "wrong_department")

                try await library.app.auditJournal.settle()
                let system = try await AuditRecord.query(on: library.app.db).filter(\.$actorKind == "system").all()
                let outcomes = system.map(\.outcome)
                for expected in ["signature_invalid", "signature_stale", "signature_missing", "signature_replayed", "matter_not_in_scope",
                                 "consent_required", "purpose_required", "person_not_found", "wrong_department"] {
                    #expect(outcomes.contains(expected), "\(expected) is audited")
                }
                #expect(system.filter { $0.outcome == "allowed" }.map(\.action).sorted() == [AuditAction.grantRedeem, AuditAction.systemFetch])
                #expect(system.filter { $0.outcome == "allowed" }.allSatisfy { $0.departmentCode == TestLibrary.departmentA && $0.actorID == issued.keyID })
                try await library.app.auditJournal.settle()
                #expect(try await library.app.auditChain.verify(on: library.app.db).intact)
            }
        }
    }
}
