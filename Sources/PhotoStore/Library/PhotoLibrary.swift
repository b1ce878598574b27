import Crypto
import FluentKit
import Foundation
import PhotoKit

/// The city's photo library: persons, captures and their photos over a Fluent database and a
/// blob store. Writing follows one rule: blobs first (durable), rows after in one
/// transaction, so a crash leaves at worst an orphan blob that `LibraryCheck` collects.
public struct PhotoLibrary: Sendable {
    public let blobs: any BlobStore
    public let sealer: BlobSealer
    public let identities: IdentityProtector
    /// Queues write transactions where the database allows one writer (SQLite); nil otherwise.
    public let writeGate: WriteGate?

    public init(blobs: any BlobStore, sealer: BlobSealer, identities: IdentityProtector, singleWriter: Bool = false) {
        self.blobs = blobs
        self.sealer = sealer
        self.identities = identities
        writeGate = singleWriter ? WriteGate() : nil
    }

    /// Runs a write transaction, behind the gate where there is one.
    public func transaction<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let writeGate else { return try await db.transaction(body) }
        return try await writeGate.run { try await db.transaction(body) }
    }

    /// Writes one image to the blob store (blocking, durable) and describes it.
    public func storeBlob(spec: String, bytes: [UInt8], width: Int, height: Int, background: String?) throws -> StoredPhoto {
        let address = try blobs.put(bytes)
        return StoredPhoto(spec: spec, blob: address, width: width, height: height, bytes: bytes.count,
                           sha256: Data(SHA256.hash(data: bytes)).hex, background: background)
    }

    public func person(_ identity: IdentityNumber, on db: any Database) async throws -> Person? {
        try await Person.query(on: db).filter(\.$identityHash == identities.lookupHash(identity)).first()
    }

    /// The person's newest accepted capture: the one whose photos are current.
    public func currentCapture(of personID: UUID, on db: any Database) async throws -> Capture? {
        try await Capture.query(on: db)
            .filter(\.$person.$id == personID)
            .filter(\.$status == .accepted)
            .sort(\.$capturedAt, .descending)
            .with(\.$site)
            .with(\.$photos)
            .first()
    }

    public func seal(_ descriptor: FaceDescriptor) throws -> String {
        try Data(sealer.seal(Array(JSONEncoder().encode(descriptor)))).base64EncodedString()
    }

    public func openDescriptor(_ sealed: String) throws -> FaceDescriptor {
        guard let data = Data(base64Encoded: sealed) else { throw BlobError.notSealed }
        return try JSONDecoder().decode(FaceDescriptor.self, from: Data(try sealer.open([UInt8](data))))
    }

    /// Records an accepted capture whose photos are already in the blob store, in one
    /// transaction: person (created on first capture), capture, photos, the capture log,
    /// superseding older captures, and the outbox message for upstream. A capture id seen
    /// before returns the stored capture unchanged (`isNew` false).
    public func record(_ new: NewCapture, on db: any Database) async throws -> (capture: Capture, isNew: Bool) {
        if let id = new.id, let existing = try await Capture.query(on: db).filter(\.$id == id).with(\.$photos).first() {
            return (existing, false)
        }
        let hash = identities.lookupHash(new.identity)
        let report = try new.quality.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) } ?? "null"
        let descriptor = try new.descriptor.map(seal)
        do {
            return try await insert(new, identityHash: hash, report: report, descriptor: descriptor, on: db)
        } catch {
            // Two uploads of one capture racing past the check (PostgreSQL has no gate): the
            // loser's insert fails on the id, and the winner's capture is the answer.
            if let id = new.id, let existing = try? await Capture.query(on: db).filter(\.$id == id).with(\.$photos).first() {
                return (existing, false)
            }
            throw error
        }
    }

    private func insert(_ new: NewCapture, identityHash hash: String, report: String, descriptor: String?,
                        on db: any Database) async throws -> (capture: Capture, isNew: Bool) {
        try await transaction(on: db) { tx in
            // Checked again inside the transaction: the same capture may be arriving twice at once.
            if let id = new.id, let existing = try await Capture.query(on: tx).filter(\.$id == id).with(\.$photos).first() {
                return (existing, false)
            }
            let person: Person
            if let found = try await Person.query(on: tx).filter(\.$identityHash == hash).first() {
                person = found
                if person.name != new.name, !new.name.isEmpty {
                    person.name = new.name
                    try await person.save(on: tx)
                }
            } else {
                person = try Person(identity: new.identity, name: new.name, protector: identities)
                try await person.create(on: tx)
            }
            let personID = try person.requireID()
            // A newer capture already accepted (an offline queue uploading late) keeps its place.
            let newer = try await Capture.query(on: tx).filter(\.$person.$id == personID).filter(\.$status == .accepted)
                .filter(\.$capturedAt > new.capturedAt).count()
            let capture = Capture()
            capture.id = new.id ?? UUID()
            capture.$person.id = personID
            capture.$site.id = new.siteID
            capture.$device.id = new.deviceID
            capture.$operator.id = new.operatorID
            capture.channel = new.channel
            capture.capturedAt = new.capturedAt
            capture.latitude = new.latitude
            capture.longitude = new.longitude
            capture.status = newer > 0 ? .superseded : .accepted
            capture.supersededAt = newer > 0 ? Date() : nil
            capture.qualityVerdict = new.quality?.verdict.rawValue ?? "unknown"
            capture.qualityReport = report
            capture.descriptorSealed = descriptor
            capture.overrideReason = new.override?.reason
            capture.$overrideBy.id = new.override?.staffID
            try await capture.create(on: tx)
            let captureID = try capture.requireID()
            if newer == 0 {
                try await Capture.query(on: tx).filter(\.$person.$id == personID).filter(\.$status == .accepted)
                    .filter(\.$id != captureID)
                    .set(\.$status, to: .superseded).set(\.$supersededAt, to: Date()).update()
            }
            for stored in new.photos {
                try await Photo(captureID: captureID, spec: stored.spec, blob: stored.blob, width: stored.width, height: stored.height,
                                bytes: stored.bytes, sha256: stored.sha256, background: stored.background).create(on: tx)
            }
            let log = CaptureLog.attempt(at: Date(), new: new, identityHash: hash)
            log.captureID = captureID
            log.personID = personID
            log.outcome = new.override == nil ? .accepted : .overridden
            log.detail = new.override.map { "identity mismatch accepted by site admin: \($0.reason)" }
            try await log.create(on: tx)
            let payload = CaptureAnnouncement(captureID: captureID, identityHash: hash, siteCode: new.siteCode, capturedAt: new.capturedAt,
                                              photos: new.photos.map { .init(spec: $0.spec, sha256: $0.sha256, bytes: $0.bytes) })
            try await OutboxEntry(topic: "capture.accepted", destination: "provincial", aggregateID: captureID,
                                  payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self), at: Date()).create(on: tx)
            try await capture.$photos.load(on: tx)
            return (capture, true)
        }
    }
}

/// What the outbox tells upstream about an accepted capture (the photos themselves are
/// fetched by content hash when delivered).
struct CaptureAnnouncement: Codable {
    var captureID: UUID
    var identityHash: String
    var siteCode: String
    var capturedAt: Date
    var photos: [Item]
    struct Item: Codable {
        var spec: String
        var sha256: String
        var bytes: Int
    }
}
