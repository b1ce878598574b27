import FluentKit
import Foundation

/// One stored image of a capture: the master or a spec's standard photo.
public final class Photo: Model, @unchecked Sendable {
    public static let schema = "photos"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "capture_id") public var capture: Capture
    @Field(key: "spec") public var spec: String
    @Field(key: "blob") public var blob: String
    @Field(key: "width") public var width: Int
    @Field(key: "height") public var height: Int
    @Field(key: "bytes") public var bytes: Int
    /// SHA-256 of the plaintext image, checked by fsck and served as the ETag.
    @Field(key: "sha256") public var sha256: String
    @OptionalField(key: "background") public var background: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(captureID: UUID, spec: String, blob: BlobAddress, width: Int, height: Int, bytes: Int, sha256: String, background: String?) {
        $capture.id = captureID
        self.spec = spec
        self.blob = blob.value
        self.width = width
        self.height = height
        self.bytes = bytes
        self.sha256 = sha256
        self.background = background
    }
}
