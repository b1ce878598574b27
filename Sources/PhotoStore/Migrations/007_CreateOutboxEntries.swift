import FluentKit

struct CreateOutboxEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxEntry.schema)
            .id()
            .field("topic", .string, .required)
            .field("destination", .string, .required)
            .field("aggregate_id", .uuid, .required)
            .field("payload", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("delivered_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime)
            .unique(on: "destination", "aggregate_id", "topic")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxEntry.schema).delete()
    }
}
