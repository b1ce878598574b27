import Fluent
import Foundation
import NIOCore
@testable import PhotoServer
import PhotoStore
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    @Suite struct PhotoDownloadTests {
        @Test func aPhotoServedAgainComesFromMemoryWithTheSameBytesAndETag() async throws {
            try await TestLibrary.with { library in
                // setup
                let upload = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(upload.status == .created)
                let idCard = try #require((upload.json["photos"] as? [[String: Any]])?.first { $0["spec"] as? String == "cn-id-card" })
                let url = try #require(idCard["url"] as? String)
                // MUT
                let first = try await library.send(.GET, url, as: "operatorA")
                let held = library.app.photoCache.heldBytes
                let second = try await library.send(.GET, url, as: "operatorB")
                let revalidated = try await library.send(.GET, url, as: "operatorA", headers: ["If-None-Match": first.headers.first(name: .eTag) ?? ""])
                // validation
                #expect(first.status == .ok && second.status == .ok)
                #expect(held == idCard["bytes"] as? Int, "the decrypted photo is kept")
                #expect(Array(second.body.readableBytesView) == Array(first.body.readableBytesView))
                #expect(second.headers.first(name: .eTag) == "\"\(idCard["sha256"] as! String)\"")
                #expect(revalidated.status == .notModified && revalidated.body.readableBytes == 0)
                #expect(try await library.send(.GET, url, as: "auditor").status == .forbidden, "the role check comes before the cache")
                #expect(try await library.send(.GET, "/api/v1/photos/\(UUID())", as: "operatorA").status == .notFound)
                // Every view is in the audit log, cached or not, with whose photo it was.
                try await library.app.auditJournal.settle()
                let views = try await AuditRecord.query(on: library.app.db).filter(\.$action == AuditAction.photoView).sort(\.$seq).all()
                #expect(views.map(\.actorName) == ["operatorA", "operatorB", "operatorA"])
                let capture = try #require(try await Capture.query(on: library.app.db).first())
                #expect(views.allSatisfy { $0.personID == capture.$person.id && $0.photoID?.uuidString.lowercased() == (url as NSString).lastPathComponent.lowercased() })
            }
        }
    }
}

@Suite struct PhotoCacheTests {
    @Test func leastRecentlyUsedEntriesGoFirstOnceTheCapacityIsReached() {
        var cache = LeastRecentlyUsed<String, Int>(capacity: 10)
        cache.insert(1, for: "a", cost: 4)
        cache.insert(2, for: "b", cost: 4)
        #expect(cache.value(for: "a") == 1)  // a is now the most recent
        cache.insert(3, for: "c", cost: 4)  // pushes out b
        #expect(cache.value(for: "b") == nil)
        #expect(cache.value(for: "a") == 1 && cache.value(for: "c") == 3)
        #expect(cache.cost == 8 && cache.count == 2)
        cache.insert(4, for: "d", cost: 11)  // larger than the whole cache: not kept
        #expect(cache.value(for: "d") == nil && cache.cost == 8)
        cache.insert(5, for: "a", cost: 2)  // replaces a
        #expect(cache.value(for: "a") == 5 && cache.cost == 6)
        cache.insert(6, for: "e", cost: 10)  // pushes out everything else
        #expect(cache.count == 1 && cache.value(for: "e") == 6 && cache.cost == 10)
        cache.removeValue(for: "e")
        #expect(cache.count == 0 && cache.cost == 0)
        for i in 0..<100 { cache.insert(i, for: "k\(i)", cost: 1) }
        let kept = (0..<100).compactMap { cache.value(for: "k\($0)") }
        #expect(kept == Array(90..<100))
    }

    @Test func tokensAndRowsAreTrustedOnlyForTheirLifetime() {
        let tokens = StaffTokenCache(lifetime: 5)
        let principal = StaffPrincipal(id: UUID(), username: "op", role: .operator, siteID: nil)
        let now = Date()
        tokens.remember(principal, tokenHash: "h", expiresAt: now.addingTimeInterval(3600), lookedUpAt: tokens.generation, now: now)
        #expect(tokens.principal(tokenHash: "h", now: now.addingTimeInterval(4))?.id == principal.id)
        #expect(tokens.principal(tokenHash: "h", now: now.addingTimeInterval(6)) == nil)
        tokens.remember(principal, tokenHash: "h", expiresAt: now.addingTimeInterval(1), lookedUpAt: tokens.generation, now: now)
        #expect(tokens.principal(tokenHash: "h", now: now.addingTimeInterval(2)) == nil, "never past the token's own expiry")
        // A lookup that began before an invalidation does not store what it read.
        let generation = tokens.generation
        tokens.forget(staffID: principal.id)
        tokens.remember(principal, tokenHash: "h", expiresAt: now.addingTimeInterval(3600), lookedUpAt: generation, now: now)
        #expect(tokens.principal(tokenHash: "h", now: now) == nil)

        let photos = PhotoCache(rowLifetime: 5, capacity: 1024)
        let id = UUID()
        photos.remember(PhotoCache.Row(sha256: "s", blob: nil, spec: "cn-id-card", personID: UUID()), for: id, now: now)
        #expect(photos.row(id, now: now.addingTimeInterval(4))?.sha256 == "s")
        #expect(photos.row(id, now: now.addingTimeInterval(6)) == nil)
    }
}
