import Crypto
import FluentKit
import Foundation
import FluentSQL

/// Appends to and checks the hash-chained audit log. Each record's hash is
/// HMAC-SHA256(key, canonical fields including the previous record's hash), so editing,
/// inserting or deleting any record breaks every hash after it, and without the key the
/// chain cannot be recomputed to hide it.
public struct AuditChain: Sendable {
    /// The hash the first record follows.
    public static let genesis = String(repeating: "0", count: 64)
    private let key: SealingKey

    public init(masterKey: MasterKey) {
        key = SealingKey(masterKey.derive("audit-chain"))
    }

    func hash(_ record: AuditRecord) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: record.canonical, using: key.key)).hex
    }

    /// Appends `entries` in order. Call inside the transaction of the access being recorded
    /// (on SQLite through `PhotoLibrary.transaction`, which also orders writers); on
    /// PostgreSQL the head row is locked until that transaction ends.
    @discardableResult
    public func append(_ entries: [AuditEntry], on db: any Database) async throws -> [AuditRecord] {
        guard !entries.isEmpty else { return [] }
        guard let sql = db as? any SQLDatabase else { throw AuditError.notSQL }
        let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        guard let head = try await sql.raw("SELECT seq, hash FROM audit_chain_head WHERE id = \(bind: AuditChainHead.rowID)\(unsafeRaw: lock)")
            .first() else { throw AuditError.missingHead }
        var seq = try head.decode(column: "seq", as: Int.self)
        var previous = try head.decode(column: "hash", as: String.self)
        var records: [AuditRecord] = []
        for entry in entries {
            seq += 1
            let record = AuditRecord(entry, seq: seq, previousHash: previous)
            record.hash = hash(record)
            previous = record.hash
            records.append(record)
        }
        // One INSERT of plain binds: Fluent's model create reflects over every property of
        // every record, which was a fifth of an audited photo view's CPU.
        // Chunks of 500 rows: 19 binds a row stay under SQLite's 32 766 and PostgreSQL's 65 535.
        records.forEach { $0.id = UUID.timeOrdered() }
        for start in stride(from: 0, to: records.count, by: 500) {
            let chunk = records[start..<min(start + 500, records.count)]
            var insert = sql.insert(into: AuditRecord.schema).columns(records[0].columnValues.map(\.column))
            for record in chunk { insert = insert.values(record.columnValues.map(\.value)) }
            try await insert.run()
        }
        try await sql.raw("UPDATE audit_chain_head SET seq = \(bind: seq), hash = \(bind: previous) WHERE id = \(bind: AuditChainHead.rowID)").run()
        return records
    }

    public func append(_ entry: AuditEntry, on db: any Database) async throws {
        try await append([entry], on: db)
    }

    /// Walks the chain from the first record and reports the first one that does not hold.
    public func verify(on db: any Database, pageSize: Int = 2000) async throws -> AuditVerification {
        var expectedSeq = 1
        var previous = Self.genesis
        while true {
            let page = try await AuditRecord.query(on: db).filter(\.$seq >= expectedSeq).sort(\.$seq)
                .limit(pageSize).all()
            for record in page {
                if record.seq != expectedSeq {
                    return .broken(at: expectedSeq, checked: expectedSeq - 1, "record \(expectedSeq) is missing (the next one is \(record.seq))")
                }
                if record.previousHash != previous {
                    return .broken(at: record.seq, checked: expectedSeq - 1, "record \(record.seq) does not name record \(record.seq - 1)'s hash as its predecessor")
                }
                if hash(record) != record.hash {
                    return .broken(at: record.seq, checked: expectedSeq - 1, "record \(record.seq) was altered: its contents no longer match its hash")
                }
                previous = record.hash
                expectedSeq += 1
            }
            if page.count < pageSize { break }
        }
        let last = expectedSeq - 1
        guard let head = try await AuditChainHead.find(AuditChainHead.rowID, on: db) else { throw AuditError.missingHead }
        if head.seq != last || head.hash != previous {
            return .broken(at: last + 1, checked: last, "the chain ends at record \(last) but \(head.seq) were written: records after \(last) were removed")
        }
        return AuditVerification(checked: last, intact: true, firstBroken: nil, reason: nil)
    }
}

/// What `AuditChain.verify` found.
public struct AuditVerification: Codable, Sendable, Equatable {
    public var checked: Int
    public var intact: Bool
    /// Sequence number of the first record that does not hold.
    public var firstBroken: Int?
    public var reason: String?

    static func broken(at seq: Int, checked: Int, _ reason: String) -> AuditVerification {
        AuditVerification(checked: checked, intact: false, firstBroken: seq, reason: reason)
    }
}

public enum AuditError: Error, CustomStringConvertible {
    case notSQL
    case missingHead

    public var description: String {
        switch self {
        case .notSQL: "the audit log needs an SQL database"
        case .missingHead: "the audit chain's head row is missing: the database was not migrated or was tampered with"
        }
    }
}
