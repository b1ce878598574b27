import Crypto
import FluentKit
import Foundation

/// `photoonce fsck`: every photo row's blob is present, decrypts and matches its checksum;
/// blobs no row refers to (left by a crash between blob write and commit) are reported and,
/// once older than a grace period (so an ingest in flight is not robbed), removed.
public struct LibraryCheck: Sendable {
    public struct Report: Codable, Sendable {
        public var blobs = 0
        public var photos = 0
        public var orphans: [String] = []
        public var removed: [String] = []
        public var missing: [UUID] = []
        public var damaged: [UUID] = []
        public var temporariesRemoved = false
        public var clean: Bool { orphans.isEmpty && missing.isEmpty && damaged.isEmpty }
    }

    public let library: PhotoLibrary

    public init(library: PhotoLibrary) { self.library = library }

    public func run(on db: any Database, removeOrphans: Bool, grace: TimeInterval = 600, now: Date = Date()) async throws -> Report {
        var report = Report()
        let inventory = try library.blobs.inventory()
        report.blobs = inventory.count
        let photos = try await Photo.query(on: db).all()
        report.photos = photos.count
        let referenced = Set(photos.map(\.blob))
        for photo in photos {
            guard let address = BlobAddress(photo.blob), library.blobs.exists(address) else {
                report.missing.append(try photo.requireID())
                continue
            }
            do {
                let bytes = try library.blobs.get(address)
                if Data(SHA256.hash(data: bytes)).hex != photo.sha256 { report.damaged.append(try photo.requireID()) }
            } catch {
                report.damaged.append(try photo.requireID())
            }
        }
        for (address, modified) in inventory where !referenced.contains(address.value) {
            report.orphans.append(address.value)
            if removeOrphans, now.timeIntervalSince(modified) >= grace {
                try library.blobs.delete(address)
                report.removed.append(address.value)
            }
        }
        if removeOrphans, let files = library.blobs as? FileBlobStore {
            try files.removeStaleTemporaries()
            report.temporariesRemoved = true
        }
        return report
    }
}
