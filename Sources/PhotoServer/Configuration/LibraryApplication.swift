import PhotoStore
import Vapor

/// An application booted for a library command (migrate, fsck, purge, sites, staff):
/// configured and migrated like the server, never listening.
public enum LibraryApplication {
    public static func run<T: Sendable>(_ configuration: ServerConfiguration, imaging: ImagingServices? = nil,
                                        _ body: @Sendable (Application) async throws -> T) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["photoonce"]))
        app.logger.logLevel = .warning
        do {
            try await configure(app, configuration: configuration, imaging: imaging, routes: false)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
