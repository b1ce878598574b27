import Foundation
import Logging
import NIOCore
import NIOPosix
import PhotoKit
import Vapor

/// `photoonce serve`: logging, models, the application, the demo when asked, then serve
/// until SIGINT or SIGTERM (Vapor's serve command stops gracefully, finishing requests).
public enum PhotoServerMain {
    public static func run(_ configuration: ServerConfiguration, demoPortraitFolders: [URL]) async throws {
        // Async route handlers run on the event loops that read and write their connections
        // instead of hopping to Swift's own thread pool and back twice a request (as Vapor's
        // template offers). Blocking work stays off the loops: the pipeline and blob I/O run
        // on the application's thread pool. Done first, before the server schedules any task.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var environment = Environment(name: "production", arguments: ["photoonce", "serve"])
        if ProcessInfo.processInfo.environment["PHOTOONCE_LOG_FORMAT"] == "json" {
            LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        } else {
            try LoggingSystem.bootstrap(from: &environment)
        }
        let imaging = try ImagingServices(catalogFolder: configuration.catalogFolder)
        let app = try await Application.make(environment)
        do {
            try await configure(app, configuration: configuration, imaging: imaging)
            if configuration.demo {
                if try await DemoSeeder.seedIfEmpty(app, portraitFolders: demoPortraitFolders) { app.logger.notice("demo data seeded") }
                print(DemoSeeder.banner(configuration))
            }
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
