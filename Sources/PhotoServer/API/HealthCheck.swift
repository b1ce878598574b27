import Fluent
import PhotoStore
import Vapor

/// `GET /healthz`: 200 once the database answers (migrations ran before the server
/// started listening), 503 otherwise.
enum HealthCheck {
    struct Status: Content {
        var status: String
        var database: String
        var catalog: String
    }

    @Sendable static func respond(_ request: Request) async throws -> Response {
        do {
            _ = try await Site.query(on: request.db).count()
        } catch {
            throw APIError(status: .serviceUnavailable, code: "database_unavailable", message: "the database does not answer: \(error)")
        }
        return try await APIResponse.json(Status(status: "ok", database: "ok",
                                                 catalog: request.imaging.catalog.version))
    }
}
