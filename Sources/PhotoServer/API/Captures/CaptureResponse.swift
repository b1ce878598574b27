import Foundation
import PhotoKit
import PhotoStore

/// A capture as the API shows it.
struct CaptureResponse: Codable, Sendable {
    var captureId: UUID
    var status: String
    var channel: String
    var capturedAt: Date
    var receivedAt: Date?
    var siteCode: String?
    var deviceId: String?
    var location: CaptureMetadata.Location?
    var person: PersonSummary?
    var quality: QualityReport?
    var override: String?
    var photos: [PhotoLink]
    /// Capture-set photos not stored, with why (only in the answer to an upload).
    var omitted: [CaptureAcceptance.Omission]?

    struct PersonSummary: Codable, Sendable {
        var identityType: String
        var identityNumber: String
        var name: String
    }

    struct PhotoLink: Codable, Sendable {
        var id: UUID
        var spec: String
        var url: String
        var width: Int
        var height: Int
        var bytes: Int
        var sha256: String
    }

    init(_ capture: Capture, person: PersonSummary? = nil, includeQuality: Bool = true) throws {
        captureId = try capture.requireID()
        status = capture.status.rawValue
        channel = capture.channel.rawValue
        capturedAt = capture.capturedAt
        receivedAt = capture.receivedAt
        siteCode = capture.$site.value?.code
        deviceId = capture.$device.value??.code
        if let lat = capture.latitude, let lon = capture.longitude { location = .init(lat: lat, lon: lon) }
        self.person = person
        quality = includeQuality ? try? JSONDecoder().decode(QualityReport.self, from: Data(capture.qualityReport.utf8)) : nil
        override = capture.overrideReason
        let order = SpecCatalog.captureSet
        photos = try (capture.$photos.value ?? [])
            .sorted { (order.firstIndex(of: $0.spec) ?? 99, $0.spec) < (order.firstIndex(of: $1.spec) ?? 99, $1.spec) }
            .map { photo in
                let id = try photo.requireID()
                return PhotoLink(id: id, spec: photo.spec, url: "/api/v1/photos/\(id)", width: photo.width, height: photo.height,
                                 bytes: photo.bytes, sha256: photo.sha256)
            }
    }
}
