import FluentKit

struct CreateCaptures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Capture.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("site_id", .uuid, .required, .references(Site.schema, "id"))
            .field("device_id", .uuid, .references(Device.schema, "id"))
            .field("operator_id", .uuid, .references(Staff.schema, "id"))
            .field("channel", .string, .required)
            .field("captured_at", .datetime, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("status", .string, .required)
            .field("quality_verdict", .string, .required)
            .field("quality_report", .string, .required)
            .field("descriptor_sealed", .string)
            .field("override_reason", .string)
            .field("override_by_id", .uuid, .references(Staff.schema, "id"))
            .field("superseded_at", .datetime)
            .field("received_at", .datetime)
            .create()
        try await database.schema(Photo.schema)
            .id()
            .field("capture_id", .uuid, .required, .references(Capture.schema, "id"))
            .field("spec", .string, .required)
            .field("blob", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("background", .string)
            .field("created_at", .datetime)
            .unique(on: "capture_id", "spec")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Photo.schema).delete()
        try await database.schema(Capture.schema).delete()
    }
}
