import Fluent
import PhotoKit
import PhotoStore
import Vapor

/// Capture ingest and lookup: `POST /api/v1/captures`, `GET /api/v1/captures/{id}`.
struct CapturesController: RouteCollection {
    let maxUploadBytes: Int

    func boot(routes: any RoutesBuilder) throws {
        let captures = routes.grouped("captures")
        captures.on(.POST, body: .collect(maxSize: ByteCount(value: maxUploadBytes)), use: create)
        captures.get(":captureID", use: show)
    }

    struct Upload: Content {
        var image: File?
        var metadata: String?
    }

    func create(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff(.capturing)
        let upload = try request.decodeForm(Upload.self, expecting: "an \"image\" part with the photo and a \"metadata\" part with the capture's JSON")
        guard let metadataText = upload.metadata else {
            throw APIError.badRequest("missing_metadata", "the upload needs a \"metadata\" part with the capture's JSON (identity, name, siteCode, channel…)")
        }
        let metadata: CaptureMetadata
        do {
            metadata = try APIJSON.decoder.decode(CaptureMetadata.self, from: Data(metadataText.utf8))
        } catch let error as DecodingError {
            let inner = APIErrorMiddleware.translate(error, request: request)
            throw APIError.badRequest("invalid_metadata", "metadata: " + inner.message.replacingOccurrences(of: "the request body could not be read: ", with: ""))
        }
        guard let image = upload.image else {
            throw APIError.badRequest("missing_image", "the upload needs an \"image\" part with the photo (JPEG, PNG or WebP)")
        }
        let ingest = CaptureIngest(request: request, staff: staff, metadata: metadata)
        return try await ingest.run(imageBytes: Array(buffer: image.data))
    }

    func show(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff(.viewingCaptures)
        guard let id = request.parameters.get("captureID", as: UUID.self),
              let capture = try await Capture.query(on: request.db).filter(\.$id == id)
                .with(\.$site).with(\.$device).with(\.$photos).with(\.$person).first() else {
            throw APIError.notFound("capture \(request.parameters.get("captureID") ?? "")")
        }
        if staff.role.needsSite, capture.$site.id != staff.siteID {
            throw APIError.forbidden("this capture was taken at another site; \(staff.role.rawValue)s see their own site's captures")
        }
        let person = capture.person
        try await request.recordAccess(request.auditEntry(action: AuditAction.captureView, personID: person.id, purpose: "capture record"))
        let identity = try request.library.identities.open(person.identitySealed, type: person.identityType)
        let summary = CaptureResponse.PersonSummary(identityType: identity.type.rawValue, identityNumber: identity.number, name: person.name)
        return try await APIResponse.json(try CaptureResponse(capture, person: summary))
    }
}
