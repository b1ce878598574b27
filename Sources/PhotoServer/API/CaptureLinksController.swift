import Fluent
import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// Phone self-capture by signed link: staff issue a link for one citizen
/// (`POST /api/v1/capture-links`); the citizen's phone opens `/capture#<token>` and uploads
/// with the token (`POST /api/v1/capture-links/capture`), landing as a capture on channel
/// `phone` by the issuer, at the issuer's site, through the same ingest as the station.
struct CaptureLinksController: RouteCollection {
    let maxUploadBytes: Int

    func boot(routes: any RoutesBuilder) throws {
        let links = routes.grouped("capture-links")
        links.post(use: issue)
        links.get("current", use: current)
        links.on(.POST, "capture", body: .collect(maxSize: ByteCount(value: maxUploadBytes)), use: capture)
    }

    struct IssueRequest: Content {
        var identity: CaptureMetadata.IdentityInput
        var name: String
        var siteCode: String
        /// The page's origin ("https://photo.example.gov.cn"): with it the answer carries the
        /// whole link as a QR code, for the citizen to scan at the window.
        var origin: String?
    }

    struct IssuedLink: Content {
        var token: String
        /// The page to open on the phone; the token is in the fragment, which browsers do not send.
        var url: String
        var expiresAt: Date
        /// PNG of `origin` + `url` as a QR code, base64, when an origin was sent.
        var qrPng: String?
    }

    /// What the phone page shows: whose photo, where; never the identity number.
    struct LinkSummary: Content {
        var name: String
        var identityType: String
        var siteCode: String
        var siteName: String?
        var expiresAt: Date
    }

    func issue(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff(.capturing)
        let body = try request.content.decode(IssueRequest.self)
        let identity = try IdentityNumber.parsing(type: body.identity.type, number: body.identity.number)
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw APIError.unprocessable("invalid_name", "name must be 1 to 100 characters") }
        guard let site = try await Site.query(on: request.db).filter(\.$code == body.siteCode).first() else {
            throw APIError.unprocessable("unknown_site", "no photo site has the code \"\(body.siteCode)\"")
        }
        if staff.role.needsSite, site.id != staff.siteID {
            throw APIError.forbidden("\(staff.username) works at another site and may only issue links for it, not for \(site.code)")
        }
        let link = CaptureLink(identityType: identity.type.rawValue, identitySealed: try request.library.identities.seal(identity), name: name,
                               siteCode: site.code, issuer: staff.id, expiresAt: Date().addingTimeInterval(CaptureLink.lifetime))
        let token = try link.token(key: request.application.captureLinkKey)
        let url = "/capture#" + token
        var qr: String?
        if let origin = body.origin {
            guard let parsed = URL(string: origin), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil,
                  parsed.path.isEmpty || parsed.path == "/", parsed.query == nil, parsed.fragment == nil else {
                throw APIError.unprocessable("invalid_origin", "origin must be the page's scheme and host, like https://photo.example.gov.cn")
            }
            let link = origin.hasSuffix("/") ? String(origin.dropLast()) + url : origin + url
            qr = try await request.application.imagingWorkers.runIfActive { Data(try QRCode.png(link, moduleSize: 4)).base64EncodedString() }
        }
        return try await APIResponse.json(IssuedLink(token: token, url: url, expiresAt: link.expiresAt, qrPng: qr), status: .created)
    }

    func current(_ request: Request) async throws -> Response {
        let link = try requireLink(request).link
        let site = try await Site.query(on: request.db).filter(\.$code == link.siteCode).first()
        return try await APIResponse.json(LinkSummary(name: link.name, identityType: link.identityType, siteCode: link.siteCode,
                                                      siteName: site?.name, expiresAt: link.expiresAt))
    }

    struct Upload: Content {
        var image: File?
        var captureId: UUID?
    }

    func capture(_ request: Request) async throws -> Response {
        let principal = try requireLink(request)
        let upload = try request.decodeForm(Upload.self, expecting: "an \"image\" part with the photo (and a \"captureId\")")
        guard let image = upload.image else {
            throw APIError.badRequest("missing_image", "the upload needs an \"image\" part with the photo (JPEG, PNG or WebP)")
        }
        let link = principal.link
        guard let type = IdentityType(rawValue: link.identityType) else { throw APIError.unauthorized }
        let identity = try request.library.identities.open(link.identitySealed, type: type)
        let metadata = CaptureMetadata(captureId: upload.captureId, identity: .init(type: identity.type.rawValue, number: identity.number),
                                       name: link.name, siteCode: link.siteCode, deviceId: nil, channel: Capture.Channel.phone.rawValue,
                                       location: nil, capturedAt: Date(), override: nil)
        return try await CaptureIngest(request: request, staff: principal.issuer, metadata: metadata).run(imageBytes: Array(buffer: image.data))
    }

    private func requireLink(_ request: Request) throws -> CaptureLinkPrincipal {
        guard let principal = request.auth.get(CaptureLinkPrincipal.self) else {
            throw APIError(status: .unauthorized, code: "unauthorized", message: "open the capture link you were given again; it may have expired")
        }
        return principal
    }
}
