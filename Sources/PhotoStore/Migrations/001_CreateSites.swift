import FluentKit

struct CreateSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Site.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Site.schema).delete()
    }
}
