import FluentKit

struct CreateStaff: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Staff.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("site_id", .uuid, .references(Site.schema, "id"))
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(StaffToken.schema)
            .id()
            .field("staff_id", .uuid, .required, .references(Staff.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffToken.schema).delete()
        try await database.schema(Staff.schema).delete()
    }
}
