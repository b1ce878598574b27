import FluentKit
import FluentSQL

/// Indexes for the library's frequent lookups that no key covers: a person's current
/// capture (`captures` by person and status), the capture log by time and by site, and the
/// photos still naming a blob (purge, fsck). Plain SQL both SQLite and PostgreSQL accept;
/// `IF NOT EXISTS` so a library that already has one (made by hand) still migrates.
struct AddSecondaryIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("captures_person_id_status", Capture.schema, ["person_id", "status"]),
        ("capture_logs_at", CaptureLog.schema, ["at"]),
        ("capture_logs_site_code", CaptureLog.schema, ["site_code"]),
        ("photos_blob", Photo.schema, ["blob"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = try Self.sql(database)
        for index in Self.indexes {
            let columns = index.columns.map { SQLIdentifier($0) }
            try await sql.raw("CREATE INDEX IF NOT EXISTS \(ident: index.name) ON \(ident: index.table) (\(SQLList(columns)))").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try Self.sql(database)
        for index in Self.indexes {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: index.name)").run()
        }
    }

    private static func sql(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw MigrationError.needsSQL }
        return sql
    }

    enum MigrationError: Error, CustomStringConvertible {
        case needsSQL
        var description: String { "the library's migrations need an SQL database (SQLite or PostgreSQL)" }
    }
}
