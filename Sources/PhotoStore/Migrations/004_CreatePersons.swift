import FluentKit

struct CreatePersons: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .id()
            .field("identity_type", .string, .required)
            .field("identity_hash", .string, .required)
            .field("identity_sealed", .string, .required)
            .field("identity_masked", .string, .required)
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "identity_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Person.schema).delete()
    }
}
