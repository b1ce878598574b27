import FluentKit
import FluentSQL

/// The last spool batch each audit spool file has in the chain (`AuditSpool`): written in
/// the transaction that chains the batch, so a recovery chains exactly what came after it.
struct CreateAuditSpoolMarks: AsyncMigration {
    static let table = "audit_spool_marks"

    func prepare(on database: any Database) async throws {
        try await database.schema(Self.table)
            .field("spool", .string, .identifier(auto: false))
            .field("batch", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Self.table).delete()
    }
}
