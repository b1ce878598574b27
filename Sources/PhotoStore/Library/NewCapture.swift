import Foundation
import PhotoKit

/// Everything about an accepted master that the library records, gathered by the caller
/// (the server's ingest route) after the pipeline has run.
public struct NewCapture: Sendable {
    public var id: UUID?
    public var identity: IdentityNumber
    public var name: String
    public var siteID: UUID
    public var siteCode: String
    public var deviceID: UUID?
    public var deviceCode: String?
    public var operatorID: UUID?
    public var channel: Capture.Channel
    public var capturedAt: Date
    public var latitude: Double?
    public var longitude: Double?
    public var quality: QualityReport?
    public var descriptor: FaceDescriptor?
    public var override: Override?
    public var photos: [StoredPhoto]

    /// A site admin's decision to accept a face that does not match the person's earlier photos.
    public struct Override: Sendable {
        public var reason: String
        public var staffID: UUID
        public init(reason: String, staffID: UUID) {
            self.reason = reason
            self.staffID = staffID
        }
    }

    public init(id: UUID?, identity: IdentityNumber, name: String, siteID: UUID, siteCode: String, deviceID: UUID?, deviceCode: String?,
                operatorID: UUID?, channel: Capture.Channel, capturedAt: Date, latitude: Double?, longitude: Double?,
                quality: QualityReport?, descriptor: FaceDescriptor?, override: Override?, photos: [StoredPhoto]) {
        self.id = id
        self.identity = identity
        self.name = name
        self.siteID = siteID
        self.siteCode = siteCode
        self.deviceID = deviceID
        self.deviceCode = deviceCode
        self.operatorID = operatorID
        self.channel = channel
        self.capturedAt = capturedAt
        self.latitude = latitude
        self.longitude = longitude
        self.quality = quality
        self.descriptor = descriptor
        self.override = override
        self.photos = photos
    }
}

/// A photo whose bytes are already durable in the blob store.
public struct StoredPhoto: Sendable {
    public var spec: String
    public var blob: BlobAddress
    public var width: Int
    public var height: Int
    public var bytes: Int
    public var sha256: String
    public var background: String?

    public init(spec: String, blob: BlobAddress, width: Int, height: Int, bytes: Int, sha256: String, background: String?) {
        self.spec = spec
        self.blob = blob
        self.width = width
        self.height = height
        self.bytes = bytes
        self.sha256 = sha256
        self.background = background
    }
}
