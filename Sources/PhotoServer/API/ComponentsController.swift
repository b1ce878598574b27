import PhotoKit
import Vapor

/// The common components other systems call, stateless: nothing is stored or logged but
/// the call itself. Each takes a multipart form with an `image` part (and `spec` where a
/// spec matters).
struct ComponentsController: RouteCollection {
    let maxUploadBytes: Int

    func boot(routes: any RoutesBuilder) throws {
        let components = routes.grouped("components")
        let body = HTTPBodyStreamStrategy.collect(maxSize: ByteCount(value: maxUploadBytes))
        components.on(.POST, "detect", body: body, use: detect)
        components.on(.POST, "quality", body: body, use: quality)
        components.on(.POST, "crop", body: body, use: crop)
        components.on(.POST, "recapture", body: body, use: recapture)
        components.on(.POST, "preview", body: body, use: preview)
        components.on(.POST, "guidance", body: body, use: guidance)
    }

    struct Upload: Content {
        var image: File?
        var spec: String?
    }

    struct Detection: Content {
        var faces: [FaceBox]
        var face: Face?
        var refusal: ProcessingReportRefusal?

        struct Face: Content {
            var box: FaceBox
            var leftEye: Point
            var rightEye: Point
            var eyeDistance: Double
            var pose: HeadPose
            var landmarks: [Point]
        }
    }

    struct ProcessingReportRefusal: Content {
        var code: String
        var message: String
    }

    struct QualityAnswer: Content {
        var verdict: String
        var refusal: ProcessingReportRefusal?
        var quality: QualityReport?
    }

    struct RecaptureAnswer: Content {
        var recaptured: Bool?
        var measure: MeasureResult?
        var refusal: ProcessingReportRefusal?
    }

    /// The upload, once the caller may use the component: capturing staff, and for the
    /// capture pages' own components (`allowingCaptureLinks`) a phone with a capture link or a
    /// signed-in citizen.
    func read(_ request: Request, allowingCaptureLinks: Bool = false) throws -> (bytes: [UInt8], spec: String?) {
        let phone = request.auth.has(CaptureLinkPrincipal.self) || request.auth.has(CitizenPrincipal.self)
        if !(allowingCaptureLinks && phone) { _ = try request.requireStaff(.capturing) }
        let upload = try request.decodeForm(Upload.self, expecting: "an \"image\" part (and \"spec\" where a spec matters)")
        guard let image = upload.image else { throw APIError.badRequest("missing_image", "send the photo as the \"image\" part of a multipart form") }
        if let spec = upload.spec, request.imaging.catalog.spec(spec) == nil {
            throw APIError.unprocessable("unknown_spec", "no spec has the code \"\(spec)\"; GET /api/v1/specs lists them")
        }
        return (Array(buffer: image.data), upload.spec)
    }

    /// Runs `work` off the event loop; an input that is not a usable image becomes 413/415/422.
    func offload<T: Sendable>(_ request: Request, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await request.application.imagingWorkers.runIfActive(work)
        } catch let refusal as InputRefusal {
            throw APIError.refusal(code: refusal.code, message: refusal.description)
        }
    }

    func detect(_ request: Request) async throws -> Response {
        let (bytes, _) = try read(request)
        let pipeline = request.imaging.pipeline
        let detection = try await offload(request) { () throws -> Detection in
            let decoded = try pipeline.decoder.decode(bytes)
            let faces = Self.distinct(try pipeline.analyzer.detectFaces(in: decoded.image, confidence: PhotoPipeline.faceScoreThreshold))
            switch try pipeline.findFace(in: bytes) {
            case let .failure(refusal):
                return Detection(faces: faces, face: nil, refusal: .init(code: refusal.code, message: refusal.description))
            case let .success(found):
                let marks = found.landmarks
                return Detection(faces: faces, face: .init(box: found.box, leftEye: marks.leftEyeCentre, rightEye: marks.rightEyeCentre,
                                                          eyeDistance: marks.eyeDistance, pose: HeadPose(marks), landmarks: marks.points), refusal: nil)
            }
        }
        return try await APIResponse.json(detection)
    }

    /// One box per face: the detector's tilted-face filters can each box the same face, and a
    /// box whose centre lies inside a more confident one is the same face again.
    static func distinct(_ faces: [FaceBox]) -> [FaceBox] {
        var kept: [FaceBox] = []
        for face in faces.sorted(by: { $0.score > $1.score }) where !kept.contains(where: { $0.contains(face.centre) }) {
            kept.append(face)
        }
        return kept
    }

    func quality(_ request: Request) async throws -> Response {
        let (bytes, spec) = try read(request)
        let pipeline = request.imaging.pipeline
        let report = try await offload(request) { try pipeline.process(bytes, specs: spec.map { [$0] } ?? SpecCatalog.captureSet).report }
        if let refusal = report.refusal, report.quality == nil {
            throw APIError.refusal(code: refusal.code, message: refusal.message)
        }
        return try await APIResponse.json(QualityAnswer(verdict: report.quality?.verdict.rawValue ?? "unknown",
                                                        refusal: report.refusal.map { .init(code: $0.code, message: $0.message) }, quality: report.quality))
    }

    func crop(_ request: Request) async throws -> Response {
        let (bytes, spec) = try read(request)
        guard let spec else { throw APIError.badRequest("missing_spec", "send the spec code (e.g. cn-id-card) as the \"spec\" part") }
        let pipeline = request.imaging.pipeline
        let result = try await offload(request) { try pipeline.process(bytes, specs: [spec], assessQuality: false) }
        if let refusal = result.report.refusal {
            throw APIError.refusal(code: refusal.code, message: refusal.message)
        }
        guard let photo = result.report.photos.first, let jpeg = result.photos[spec] else {
            let refusal = result.report.photos.first?.refusal
            throw APIError.unprocessable(refusal?.code ?? "not_produced", refusal?.message ?? "the photo could not be made")
        }
        var headers = HTTPHeaders()
        headers.contentType = .jpeg
        headers.replaceOrAdd(name: "X-PhotoOnce-Compliant", value: photo.compliant ? "true" : "false")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(spec).jpg\"")
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: jpeg)))
    }

    func recapture(_ request: Request) async throws -> Response {
        let (bytes, _) = try read(request)
        let pipeline = request.imaging.pipeline
        let report = try await offload(request) { try pipeline.process(bytes, specs: ["master"]).report }
        if let refusal = report.refusal, report.quality == nil {
            throw APIError.refusal(code: refusal.code, message: refusal.message)
        }
        let measure = report.quality?.spec("master")?.measure(.recapture)
        let recaptured: Bool? = switch measure?.verdict { case .fail: true; case .pass: false; default: nil }
        return try await APIResponse.json(RecaptureAnswer(recaptured: recaptured, measure: measure,
                                                          refusal: report.refusal.map { .init(code: $0.code, message: $0.message) }))
    }
}
