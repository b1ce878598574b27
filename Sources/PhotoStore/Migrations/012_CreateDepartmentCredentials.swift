import FluentKit
import FluentSQL

/// Department systems' API keys and the signatures seen inside the replay window.
struct CreateDepartmentCredentials: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DepartmentCredential.schema)
            .id()
            .field("department_id", .uuid, .required, .references(Department.schema, "id"))
            .field("key_id", .string, .required)
            .field("secret_sealed", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "key_id")
            .create()
        try await database.schema(SeenSignature.schema)
            .id()
            .field("digest", .string, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "digest")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX IF NOT EXISTS seen_signatures_expiry ON seen_signatures (expires_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SeenSignature.schema).delete()
        try await database.schema(DepartmentCredential.schema).delete()
    }
}
