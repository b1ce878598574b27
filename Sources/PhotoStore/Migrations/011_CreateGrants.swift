import FluentKit
import FluentSQL

/// Citizens' grants (authorization codes) for matters.
struct CreateGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Grant.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("matter_id", .uuid, .required, .references(Matter.schema, "id"))
            .field("policy_id", .uuid, .required, .references(MatterPolicy.schema, "id"))
            .field("code_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("max_uses", .int, .required)
            .field("uses", .int, .required)
            .field("state", .string, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "code_hash")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX IF NOT EXISTS grants_person ON grants (person_id, created_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Grant.schema).delete()
    }
}
