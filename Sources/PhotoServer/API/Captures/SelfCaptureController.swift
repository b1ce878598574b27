import Fluent
import Foundation
import PhotoStore
import Vapor

/// A signed-in citizen's own photo from a phone (`POST /api/v1/self-captures`): the same
/// ingest as the station, for the citizen's own identity (never one sent by the client),
/// on channel `phone`, filed under the node's online site (`PHOTOONCE_SELF_CAPTURE_SITE`,
/// a site of kind `online`). No operator, and no override: a face that does not match the
/// library's photo must go to a photo site.
struct SelfCaptureController: RouteCollection {
    let maxUploadBytes: Int
    let siteCode: String

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "self-captures", body: .collect(maxSize: ByteCount(value: maxUploadBytes)), use: capture)
    }

    struct Upload: Content {
        var image: File?
        var captureId: UUID?
        /// The phone's position, when the citizen allowed it.
        var latitude: Double?
        var longitude: Double?
    }

    func capture(_ request: Request) async throws -> Response {
        let citizen = try request.requireCitizen()
        let upload = try request.decodeForm(Upload.self, expecting: "an \"image\" part with the photo (and a \"captureId\")")
        guard let image = upload.image else {
            throw APIError.badRequest("missing_image", "the upload needs an \"image\" part with the photo (JPEG, PNG or WebP)")
        }
        guard try await Site.query(on: request.db).filter(\.$code == siteCode).filter(\.$kind == .online).first() != nil else {
            throw APIError(status: .serviceUnavailable, code: "self_capture_unavailable",
                           message: "taking your own photo by phone is not open on this node yet; please visit a photo site (the administrator registers an online site \(siteCode))")
        }
        guard let person = try await Person.find(citizen.personID, on: request.db) else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "your sign-in is no longer valid; please sign in again")
        }
        let identity = try request.library.identities.open(person.identitySealed, type: person.identityType)
        var location: CaptureMetadata.Location?
        if let lat = upload.latitude, let lon = upload.longitude { location = .init(lat: lat, lon: lon) }
        let metadata = CaptureMetadata(captureId: upload.captureId, identity: .init(type: identity.type.rawValue, number: identity.number),
                                       name: person.name, siteCode: siteCode, deviceId: nil, channel: Capture.Channel.phone.rawValue,
                                       location: location, capturedAt: Date(), override: nil)
        return try await CaptureIngest(request: request, staff: nil, metadata: metadata).run(imageBytes: Array(buffer: image.data))
    }
}
