import FluentKit

/// Departments, their matters and the matters' versioned policies; staff gain the
/// department a `department-user` works for.
struct CreateDepartmentsAndMatters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Department.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(Matter.schema)
            .id()
            .field("code", .string, .required)
            .field("department_id", .uuid, .required, .references(Department.schema, "id"))
            .field("name", .string, .required)
            .field("policy_version", .int, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(MatterPolicy.schema)
            .id()
            .field("matter_id", .uuid, .required, .references(Matter.schema, "id"))
            .field("version", .int, .required)
            .field("spec", .string, .required)
            .field("background", .string, .required)
            .field("purpose", .string, .required)
            .field("purpose_en", .string)
            .field("consent", .string, .required)
            .field("retention_note", .string)
            .field("watermark", .bool, .required)
            .field("grant_minutes", .int, .required)
            .field("grant_uses", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "matter_id", "version")
            .create()
        // No REFERENCES here: SQLite cannot add a column with a constraint to a table that
        // has rows; the administration code checks the department exists.
        try await database.schema(Staff.schema)
            .field("department_id", .uuid)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Staff.schema).deleteField("department_id").update()
        try await database.schema(MatterPolicy.schema).delete()
        try await database.schema(Matter.schema).delete()
        try await database.schema(Department.schema).delete()
    }
}
