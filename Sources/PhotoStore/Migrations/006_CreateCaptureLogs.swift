import FluentKit

struct CreateCaptureLogs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaptureLog.schema)
            .id()
            .field("at", .datetime, .required)
            .field("captured_at", .datetime)
            .field("capture_id", .uuid)
            .field("person_id", .uuid)
            .field("identity_hash", .string)
            .field("site_code", .string)
            .field("device_code", .string)
            .field("operator_id", .uuid)
            .field("channel", .string)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("outcome", .string, .required)
            .field("reason_code", .string)
            .field("detail", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaptureLog.schema).delete()
    }
}
