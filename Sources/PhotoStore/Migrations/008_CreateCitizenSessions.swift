import FluentKit

struct CreateCitizenSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CitizenSession.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("provider", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CitizenSession.schema).delete()
    }
}
