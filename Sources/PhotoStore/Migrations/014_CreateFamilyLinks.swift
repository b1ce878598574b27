import FluentKit
import FluentSQL

struct CreateFamilyLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FamilyLink.schema)
            .id()
            .field("kind", .string, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("relative_id", .uuid, .required, .references(Person.schema, "id"))
            .field("relationship", .string, .required)
            .field("status", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime)
            .field("approved_at", .datetime)
            .field("revoked_at", .datetime)
            .field("revoked_reason", .string)
            .field("created_by_kind", .string, .required)
            .field("created_by_id", .string)
            .field("created_by_name", .string, .required)
            .field("evidence", .string, .required)
            .field("created_at", .datetime)
            .create()
        // My Photos asks "whose links name me" on every family page.
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX family_links_person ON family_links (person_id)").run()
            try await sql.raw("CREATE INDEX family_links_relative ON family_links (relative_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FamilyLink.schema).delete()
    }
}
