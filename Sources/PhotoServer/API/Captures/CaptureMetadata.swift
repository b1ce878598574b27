import Foundation
import PhotoStore

/// The `metadata` part of a capture upload: who, where, when, with what.
struct CaptureMetadata: Codable, Sendable {
    /// Client-generated id: uploading the same capture again returns the stored one.
    var captureId: UUID?
    var identity: IdentityInput
    var name: String
    var siteCode: String
    /// The device's code as registered at the site.
    var deviceId: String?
    var channel: String
    var location: Location?
    var capturedAt: Date?
    /// Accept a face that does not match the person's earlier photos: a site admin's
    /// reason, and their token when the uploader is not a site admin.
    var override: Override?

    struct IdentityInput: Codable, Sendable {
        var type: String
        var number: String
    }

    struct Location: Codable, Sendable {
        var lat: Double
        var lon: Double
    }

    struct Override: Codable, Sendable {
        var reason: String
        var adminToken: String?
    }
}
