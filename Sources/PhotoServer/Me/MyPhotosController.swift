import Fluent
import PhotoKit
import PhotoStore
import Vapor

/// My Photos for a signed-in citizen (`/api/v1/me…`): the current standard photos and master,
/// the capture history, previews, downloads of any spec in any allowed background and
/// format, print sheets, and who used the photos. The same routes under
/// `/api/v1/me/family/{personId}` answer for a linked family member while the link is live.
/// Every access to photos is audited before a byte is released (`me.view` for one's own,
/// `family.view` for a family member's).
struct MyPhotosController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let me = routes.grouped("me")
        me.get("sign-in-options", use: signInOptions)
        me.post("sign-out", use: signOut)
        register(on: me)
        let family = me.grouped("family")
        family.get(use: FamilyAlbum.list)
        family.post(":linkID", "approve") { try await FamilyAlbum.answer($0, approve: true) }
        family.post(":linkID", "decline") { try await FamilyAlbum.answer($0, approve: false) }
        register(on: family.grouped(":personID"))
    }

    /// The same reads for "me" and for a family member.
    private func register(on routes: any RoutesBuilder) {
        routes.get(use: overview)
        routes.get("photos", ":photoID", use: storedPhoto)
        routes.get("renditions", ":spec", use: rendition)
        routes.get("sheet", use: sheet)
        routes.get("access-log", use: AccessStory.list)
    }

    // MARK: sign-in options and sign-out

    struct SignInOptions: Content {
        struct OpenID: Content {
            var name: String
            var start: String
        }
        var openIdConnect: OpenID?
        var development: Bool
    }

    func signInOptions(_ request: Request) async throws -> Response {
        let configuration = request.application.photoOnceConfiguration
        let oidc = configuration.openIDConnect.map { SignInOptions.OpenID(name: $0.displayName, start: "/me/sign-in/oidc") }
        return try await APIResponse.json(SignInOptions(openIdConnect: oidc, development: configuration.devIdentityEnabled))
    }

    func signOut(_ request: Request) async throws -> Response {
        _ = try request.requireCitizen()
        if let token = request.headers.bearerAuthorization?.token {
            try await CitizenSession.query(on: request.db).filter(\.$tokenHash == TokenHash.of(token)).delete()
        }
        return Response(status: .noContent)
    }

    // MARK: overview

    struct PersonView: Content {
        var personId: UUID
        var name: String
        var identityType: String
        var identityMasked: String
    }

    struct SiteView: Content {
        var code: String
        var name: String
    }

    struct PhotoView: Content {
        var photoId: UUID
        var spec: String
        var name: LocalizedName
        var kind: String
        var width: Int
        var height: Int
        var bytes: Int
        var background: String?
        /// Where to fetch it (a preview, or the photo itself).
        var href: String
    }

    struct LocalizedName: Content {
        var zh: String
        var en: String
    }

    struct CaptureView: Content {
        var captureId: UUID
        var capturedAt: Date
        var site: SiteView
        var channel: String
        var status: String
        var latitude: Double?
        var longitude: Double?
        var photos: [PhotoView]?
    }

    struct DownloadSpec: Content {
        var code: String
        var name: LocalizedName
        var kind: String
        var defaultBackground: String?
        /// Colours this spec allows; trade sizes also take any #RRGGBB.
        var backgrounds: [String]
        var anyColour: Bool
        var printable: Bool
    }

    struct Downloads: Content {
        var specs: [DownloadSpec]
        var formats: [String]
        var papers: [String]
        var sheetFormats: [String]
        /// Colour names → #RRGGBB.
        var colours: [String: String]
    }

    struct LinkView: Content {
        var linkId: UUID
        var kind: String
        var relationship: String
        var startsAt: Date
        var endsAt: Date?
    }

    struct Overview: Content {
        var person: PersonView
        /// The family link this page is seen through (absent on one's own page).
        var link: LinkView?
        var current: CaptureView?
        var history: [CaptureView]
        var downloads: Downloads
        /// Path prefix of this person's routes (`/api/v1/me` or `/api/v1/me/family/{id}`).
        var base: String
    }

    func overview(_ request: Request) async throws -> Response {
        let subject = try await Subject.resolve(request)
        try await request.recordAccess(subject.entry(request, purpose: subject.isSelf ? "my photos: view" : "family album: view"))
        let captures = try await Capture.query(on: request.db).filter(\.$person.$id == subject.person.requireID())
            .filter(\.$status != .rejected).sort(\.$capturedAt, .descending).with(\.$site).limit(50).all()
        let current = try await request.library.currentCapture(of: subject.person.requireID(), on: request.db)
        let catalog = request.imaging.catalog
        func captureView(_ capture: Capture, photos: [Photo]?) throws -> CaptureView {
            CaptureView(captureId: try capture.requireID(), capturedAt: capture.capturedAt, site: SiteView(code: capture.site.code, name: capture.site.name),
                        channel: capture.channel.rawValue, status: capture.status.rawValue, latitude: capture.latitude, longitude: capture.longitude,
                        photos: try photos?.map { photo in
                            let spec = catalog.spec(photo.spec)
                            return PhotoView(photoId: try photo.requireID(), spec: photo.spec,
                                             name: LocalizedName(zh: spec?.name.zh ?? photo.spec, en: spec?.name.en ?? photo.spec),
                                             kind: spec?.kind.rawValue ?? "official", width: photo.width, height: photo.height, bytes: photo.bytes,
                                             background: photo.background, href: "\(subject.base)/photos/\(try photo.requireID())")
                        })
        }
        let order = SpecCatalog.captureSet
        let currentView = try current.map { capture in
            try captureView(capture, photos: capture.photos.sorted { (order.firstIndex(of: $0.spec) ?? 99, $0.spec) < (order.firstIndex(of: $1.spec) ?? 99, $1.spec) })
        }
        let specs = catalog.specs.map { spec in
            DownloadSpec(code: spec.code, name: LocalizedName(zh: spec.name.zh, en: spec.name.en), kind: spec.kind.rawValue,
                         defaultBackground: spec.isMaster ? nil : spec.background.default,
                         backgrounds: spec.isMaster ? [] : spec.kind == .trade ? catalog.colours.keys.sorted() : spec.background.allowed,
                         anyColour: spec.kind == .trade, printable: !spec.isMaster && spec.printMillimetres != nil)
        }
        let downloads = Downloads(specs: specs, formats: PhotoRenditions.Format.allCases.map(\.rawValue), papers: catalog.papers.keys.sorted(),
                                  sheetFormats: PhotoRenditions.SheetFormat.allCases.map(\.rawValue),
                                  colours: catalog.colours.mapValues(\.hex))
        let person = subject.person
        return try await APIResponse.json(Overview(
            person: PersonView(personId: try person.requireID(), name: person.name, identityType: person.identityType.rawValue,
                               identityMasked: person.identityMasked),
            link: try subject.link.map { LinkView(linkId: try $0.requireID(), kind: $0.kind.rawValue, relationship: $0.relationship,
                                                  startsAt: $0.startsAt, endsAt: $0.endsAt) },
            current: currentView, history: try captures.map { try captureView($0, photos: nil) }, downloads: downloads, base: subject.base))
    }

    // MARK: photos

    func storedPhoto(_ request: Request) async throws -> Response {
        let subject = try await Subject.resolve(request)
        guard let id = request.parameters.get("photoID", as: UUID.self),
              let photo = try await Photo.query(on: request.db).filter(\.$id == id).with(\.$capture).first(),
              photo.capture.$person.id == subject.person.id, photo.capture.status != .rejected else {
            throw APIError.notFound("photo \(request.parameters.get("photoID") ?? "")")
        }
        try await request.recordAccess(subject.entry(request, photoID: id, purpose: subject.isSelf ? "my photos: preview \(photo.spec)" : "family album: preview \(photo.spec)"))
        guard let address = BlobAddress(photo.blob) else { throw APIError.notFound("photo \(id)'s image") }
        let blobs = request.library.blobs
        let bytes = try await request.application.threadPool.runIfActive { try blobs.get(address) }
        return PhotoRenditions.Rendition(bytes: bytes, mediaType: .jpeg, fileName: "\(photo.spec).jpg", background: photo.background)
            .response(download: request.query[String.self, at: "download"] == "1")
    }

    struct RenditionQuery: Content {
        var background: String?
        var format: String?
        var download: String?
    }

    func rendition(_ request: Request) async throws -> Response {
        let subject = try await Subject.resolve(request)
        let code = request.parameters.get("spec") ?? ""
        let query = try request.query.decode(RenditionQuery.self)
        guard let format = PhotoRenditions.Format(rawValue: (query.format ?? "jpeg").lowercased()) else {
            throw APIError.unprocessable("format_unknown", "format must be jpeg or png")
        }
        let renditions = PhotoRenditions(request: request)
        let spec = try renditions.spec(code)
        let (_, backgroundName) = try renditions.background(query.background, for: spec)
        let capture = try await subject.currentCapture(request)
        let photoID = capture.photos.first { $0.spec == code }?.id ?? capture.photos.first { $0.spec == "master" }?.id
        let what = "\(code)\(backgroundName.map { " " + $0 } ?? "") \(format.rawValue)"
        try await request.recordAccess(subject.entry(request, photoID: photoID, purpose: subject.isSelf ? "my photos: download \(what)" : "family album: download \(what)"))
        let rendition = try await renditions.photo(of: capture, spec: code, background: query.background, format: format)
        return rendition.response(download: query.download != "0")
    }

    struct SheetQuery: Content {
        var spec: String?
        var paper: String?
        var background: String?
        var format: String?
    }

    func sheet(_ request: Request) async throws -> Response {
        let subject = try await Subject.resolve(request)
        let query = try request.query.decode(SheetQuery.self)
        guard let code = query.spec, !code.isEmpty else { throw APIError.unprocessable("spec_missing", "give spec, e.g. ?spec=one-inch&paper=6inch") }
        guard let format = PhotoRenditions.SheetFormat(rawValue: (query.format ?? "jpeg").lowercased()) else {
            throw APIError.unprocessable("format_unknown", "format must be jpeg or pdf")
        }
        let paper = query.paper ?? "6inch"
        let renditions = PhotoRenditions(request: request)
        let spec = try renditions.spec(code)
        guard spec.printMillimetres != nil, !spec.isMaster else {
            throw APIError.unprocessable("no_print_size", "\(code) has no print size; choose a spec such as one-inch or cn-id-card")
        }
        let (_, backgroundName) = try renditions.background(query.background, for: spec)
        guard request.imaging.catalog.papers[paper] != nil else {
            throw APIError(status: .notFound, code: "unknown_paper",
                           message: "no paper \"\(paper)\"; the catalog has \(request.imaging.catalog.papers.keys.sorted().joined(separator: ", "))")
        }
        let capture = try await subject.currentCapture(request)
        let photoID = capture.photos.first { $0.spec == code }?.id ?? capture.photos.first { $0.spec == "master" }?.id
        let what = "\(code)\(backgroundName.map { " " + $0 } ?? "") print sheet \(paper) \(format.rawValue)"
        try await request.recordAccess(subject.entry(request, photoID: photoID, purpose: subject.isSelf ? "my photos: \(what)" : "family album: \(what)"))
        return try await renditions.sheet(of: capture, spec: code, paper: paper, background: query.background, format: format).response(download: true)
    }
}

/// Whose photos a `/me` request is about: the citizen's own, or a family member's through a
/// live link (ended, pending and missing links are refused here, and the refusal audited).
struct Subject: Sendable {
    var person: Person
    var link: FamilyLink?
    var base: String
    var isSelf: Bool { link == nil }

    static func resolve(_ request: Request) async throws -> Subject {
        let citizen = try request.requireCitizen()
        guard let raw = request.parameters.get("personID") else {
            guard let me = try await Person.find(citizen.personID, on: request.db) else { throw APIError.unauthorized }
            return Subject(person: me, link: nil, base: "/api/v1/me")
        }
        guard let memberID = UUID(uuidString: raw) else { throw APIError.notFound("family member \(raw)") }
        let now = request.application.clock.now()
        switch try await FamilyRegistry.access(of: citizen.personID, to: memberID, at: now, on: request.db) {
        case let .allowed(link):
            guard let member = try await Person.find(memberID, on: request.db) else { throw APIError.notFound("family member \(raw)") }
            return Subject(person: member, link: link, base: "/api/v1/me/family/\(memberID.uuidString)")
        case let .ended(link):
            try await request.recordAccess(request.auditEntry(action: AuditAction.familyView, personID: memberID, purpose: "family album: view")
                .refused("family_link_ended"))
            let when = link.status == .revoked ? (link.revokedAt ?? now) : (link.endsAt ?? now)
            let reason = link.status == .revoked
                ? "该家庭关联已于 \(CityTime.day(when)) 被撤销 · the family link was revoked on \(CityTime.day(when))\(link.revokedReason.map { " (\($0))" } ?? "")"
                : "孩子已满 18 周岁，家庭关联于 \(CityTime.day(when)) 结束 · the child turned 18 and the family link ended on \(CityTime.day(when)); as adults you can ask a photo site for a relative link, which they approve themselves"
            throw APIError(status: .forbidden, code: "family_link_ended", message: reason)
        case .pending:
            throw APIError(status: .forbidden, code: "family_link_pending",
                           message: "该家庭关联尚未经对方同意 · the family link is waiting for your relative's approval in their My Photos")
        case .none:
            throw APIError.notFound("family member \(raw)")
        }
    }

    func entry(_ request: Request, photoID: UUID? = nil, purpose: String) -> AuditEntry {
        var entry = request.auditEntry(action: isSelf ? AuditAction.myPhotosView : AuditAction.familyView, personID: person.id, photoID: photoID,
                                       purpose: purpose)
        if let link, let id = link.id { entry.detail = "family link \(id.uuidString) (\(link.relationship))" }
        return entry
    }

    /// The person's current capture with its photos, or 404 with what to do.
    func currentCapture(_ request: Request) async throws -> Capture {
        guard let capture = try await request.library.currentCapture(of: person.requireID(), on: request.db) else {
            throw APIError(status: .notFound, code: "no_photos",
                           message: "还没有合格的照片，请到任一拍照点拍摄一次 · there are no accepted photos yet: have them taken once at any photo site")
        }
        return capture
    }
}
