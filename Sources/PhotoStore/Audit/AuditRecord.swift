import FluentKit
import FluentSQL
import Foundation

/// A chained audit record: the entry plus its place in the chain (`seq`), the previous
/// record's hash and its own. The hash is an HMAC under a key derived from the master key,
/// so someone who can write to the database but has no key cannot re-chain an edit.
/// Persons and photos are plain ids without foreign keys: the log outlives what it names.
public final class AuditRecord: Model, @unchecked Sendable {
    public static let schema = "audit_records"

    @ID(key: .id) public var id: UUID?
    @Field(key: "seq") public var seq: Int
    /// Milliseconds since 1970: an integer hashes the same on every database.
    @Field(key: "at_ms") public var atMilliseconds: Int
    @Field(key: "actor_kind") public var actorKind: String
    @Field(key: "actor_id") public var actorID: String
    @OptionalField(key: "actor_name") public var actorName: String?
    @OptionalField(key: "role") public var role: String?
    @OptionalField(key: "department_code") public var departmentCode: String?
    @OptionalField(key: "person_id") public var personID: UUID?
    @OptionalField(key: "photo_id") public var photoID: UUID?
    @OptionalField(key: "matter_code") public var matterCode: String?
    @OptionalField(key: "grant_id") public var grantID: UUID?
    @Field(key: "action") public var action: String
    @OptionalField(key: "purpose") public var purpose: String?
    @Field(key: "outcome") public var outcome: String
    @OptionalField(key: "ip") public var ip: String?
    @OptionalField(key: "detail") public var detail: String?
    @Field(key: "prev_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}

    init(_ entry: AuditEntry, seq: Int, previousHash: String) {
        self.seq = seq
        atMilliseconds = Int((entry.at.timeIntervalSince1970 * 1000).rounded())
        actorKind = entry.actorKind.rawValue
        actorID = entry.actorID
        actorName = entry.actorName
        role = entry.role
        departmentCode = entry.departmentCode
        personID = entry.personID
        photoID = entry.photoID
        matterCode = entry.matterCode
        grantID = entry.grantID
        action = entry.action
        purpose = entry.purpose
        outcome = entry.outcome
        ip = entry.ip
        detail = entry.detail
        self.previousHash = previousHash
        hash = ""
    }

    public var at: Date { Date(timeIntervalSince1970: Double(atMilliseconds) / 1000) }

    /// Each column with this record's value (bound as Fluent binds it, NULL when absent), for
    /// `AuditChain`'s batch insert.
    var columnValues: [(column: String, value: any SQLExpression)] {
        func bind<T: Encodable & Sendable>(_ value: T?) -> any SQLExpression { value.map { SQLBind($0) } ?? SQLLiteral.null }
        return [("id", bind(id)), ("seq", bind(seq)), ("at_ms", bind(atMilliseconds)), ("actor_kind", bind(actorKind)),
                ("actor_id", bind(actorID)), ("actor_name", bind(actorName)), ("role", bind(role)), ("department_code", bind(departmentCode)),
                ("person_id", bind(personID)), ("photo_id", bind(photoID)), ("matter_code", bind(matterCode)), ("grant_id", bind(grantID)),
                ("action", bind(action)), ("purpose", bind(purpose)), ("outcome", bind(outcome)), ("ip", bind(ip)), ("detail", bind(detail)),
                ("prev_hash", bind(previousHash)), ("hash", bind(hash))]
    }

    /// Every field but the hash, each length-prefixed so no two records serialise alike.
    var canonical: [UInt8] {
        let fields: [String?] = [String(seq), String(atMilliseconds), actorKind, actorID, actorName, role, departmentCode,
                                 personID?.text(lowercase: true), photoID?.text(lowercase: true), matterCode,
                                 grantID?.text(lowercase: true), action, purpose, outcome, ip, detail, previousHash]
        var bytes: [UInt8] = []
        for field in fields {
            guard let field else { bytes += Array("-;".utf8); continue }
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8 + [UInt8(ascii: ";")]
        }
        return bytes
    }
}

/// The chain's end, one row: the last sequence number and hash. Appending locks this row,
/// which orders concurrent appends on PostgreSQL, and lets `verify` notice records removed
/// from the end.
final class AuditChainHead: Model, @unchecked Sendable {
    static let schema = "audit_chain_head"
    static let rowID = 1

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String

    init() {}
}
