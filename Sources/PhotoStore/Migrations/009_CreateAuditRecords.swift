import FluentKit
import FluentSQL

/// The audit log and its chain head, plus triggers that refuse UPDATE and DELETE on the
/// log: append-only for the application; a database administrator who drops the triggers
/// still cannot re-chain an edit without the key (`AuditChain.verify` finds it).
struct CreateAuditRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema)
            .id()
            .field("seq", .int, .required)
            .field("at_ms", .int64, .required)
            .field("actor_kind", .string, .required)
            .field("actor_id", .string, .required)
            .field("actor_name", .string)
            .field("role", .string)
            .field("department_code", .string)
            .field("person_id", .uuid)
            .field("photo_id", .uuid)
            .field("matter_code", .string)
            .field("grant_id", .uuid)
            .field("action", .string, .required)
            .field("purpose", .string)
            .field("outcome", .string, .required)
            .field("ip", .string)
            .field("detail", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
        try await database.schema(AuditChainHead.schema)
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO audit_chain_head (id, seq, hash) VALUES (\(bind: AuditChainHead.rowID), 0, \(bind: AuditChain.genesis))").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS audit_records_person ON audit_records (person_id, seq)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS audit_records_at ON audit_records (at_ms)").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit records are append-only'; END $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()").run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await sql.raw("CREATE TRIGGER audit_records_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON audit_records BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END").run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_records_append_only() CASCADE").run()
        }
        try await database.schema(AuditChainHead.schema).delete()
        try await database.schema(AuditRecord.schema).delete()
    }
}
