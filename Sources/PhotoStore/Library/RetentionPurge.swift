import FluentKit
import Foundation

/// Masters are evidence kept for a set time; after it their rows and blobs go. Standard
/// photos stay (they are what is reused and shared). A blob still named by another row stays.
public struct RetentionPurge: Sendable {
    public struct Candidate: Codable, Sendable {
        public var photoID: UUID
        public var captureID: UUID
        public var capturedAt: Date
        public var bytes: Int
    }

    public let library: PhotoLibrary
    public let retentionDays: Int

    public init(library: PhotoLibrary, retentionDays: Int) {
        self.library = library
        self.retentionDays = retentionDays
    }

    /// Masters captured before `now` minus the retention.
    public func candidates(on db: any Database, now: Date = Date()) async throws -> [Candidate] {
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        return try await Photo.query(on: db).join(Capture.self, on: \Photo.$capture.$id == \Capture.$id)
            .filter(\Photo.$spec == "master").filter(Capture.self, \Capture.$capturedAt < cutoff).all()
            .map { photo in
                let capture = try photo.joined(Capture.self)
                return Candidate(photoID: try photo.requireID(), captureID: try capture.requireID(), capturedAt: capture.capturedAt, bytes: photo.bytes)
            }
    }

    /// Deletes the candidates' rows (one transaction), then the blobs nothing refers to any more.
    public func purge(on db: any Database, now: Date = Date()) async throws -> [Candidate] {
        let doomed = try await candidates(on: db, now: now)
        guard !doomed.isEmpty else { return [] }
        let photos = try await Photo.query(on: db).filter(\.$id ~~ doomed.map(\.photoID)).all()
        try await library.transaction(on: db) { tx in
            try await Photo.query(on: tx).filter(\.$id ~~ doomed.map(\.photoID)).delete()
        }
        for photo in photos {
            let stillUsed = try await Photo.query(on: db).filter(\.$blob == photo.blob).count()
            if stillUsed == 0, let address = BlobAddress(photo.blob) { try library.blobs.delete(address) }
        }
        return doomed
    }
}
