import Foundation
import NIOConcurrencyHelpers
import NIOCore
@testable import PhotoServer
import Testing
import Vapor
import VaporTesting

extension ServerTests {
    @Suite struct ImagingWorkersTests {
        /// With every imaging worker held, as by captures in progress, a database read and a
        /// blob read still answer: the pipeline runs on its own threads, not on the pool that
        /// runs SQLite and the blob store. (On the shared pool these reads waited until a
        /// worker came free; the watchdog frees them after 30 s so the test fails rather
        /// than hangs.)
        @Test func readsAnswerWhileEveryImagingWorkerIsBusy() async throws {
            try await TestLibrary.with { library in
                // setup: a photo to read, then every worker held until the gate opens
                let upload = try await library.upload(try TestImaging.fixture("portrait.jpg"), metadata: TestLibrary.metadata(), as: "operatorA")
                #expect(upload.status == .created)
                let photo = try #require((upload.json["photos"] as? [[String: Any]])?.first { $0["spec"] as? String == "cn-id-card" })
                let url = try #require(photo["url"] as? String)
                let workers = library.app.imagingWorkers, count = System.coreCount
                let gate = DispatchSemaphore(value: 0), holding = NIOLockedValueBox(0), opened = NIOLockedValueBox(false)
                let held = (0..<count).map { _ in
                    Task { try await workers.runIfActive { holding.withLockedValue { $0 += 1 }; gate.wait() } }
                }
                while holding.withLockedValue({ $0 }) < count { try await Task.sleep(for: .milliseconds(10)) }
                let watchdog = Task {
                    try await Task.sleep(for: .seconds(30))
                    opened.withLockedValue { $0 = true }
                    for _ in 0..<count { gate.signal() }
                }
                // MUT
                let sites = try await library.send(.GET, "/api/v1/sites", as: "operatorA")
                let image = try await library.send(.GET, url, as: "operatorA")
                let waited = opened.withLockedValue { $0 }
                watchdog.cancel()
                if !waited { for _ in 0..<count { gate.signal() } }
                for task in held { try await task.value }
                // validation
                #expect(!waited, "the reads waited for the imaging workers")
                #expect(sites.status == .ok && sites.jsonArray.map { $0["code"] as? String } == [TestLibrary.siteA, TestLibrary.siteB])
                #expect(image.status == .ok && image.body.readableBytes == photo["bytes"] as? Int)
            }
        }
    }
}
