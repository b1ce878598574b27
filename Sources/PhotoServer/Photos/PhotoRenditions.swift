import Foundation
import PhotoKit
import PhotoStore
import Vapor

/// Any spec's photo of a capture in any background the spec allows and in JPEG or PNG, and
/// print sheets of it, made from the capture's stored photos and master. The stored photo is
/// served as it is when it already is what was asked for; otherwise the master goes through
/// the pipeline again for that one spec (the same code path as `photoonce process
/// --background`) and, for print sheets, PhotoKit's sheet renderer. Knows nothing of who
/// asks: callers check access and write the audit record first.
struct PhotoRenditions: Sendable {
    let imaging: ImagingServices
    let blobs: any BlobStore
    /// Blob reads.
    let threadPool: NIOThreadPool
    /// Decoding, encoding, sheets and the pipeline (`ImagingWorkers`).
    let workers: NIOThreadPool

    init(request: Request) {
        imaging = request.imaging
        blobs = request.library.blobs
        threadPool = request.application.threadPool
        workers = request.application.imagingWorkers
    }

    enum Format: String, CaseIterable, Sendable {
        case jpeg, png
        var mediaType: HTTPMediaType { self == .jpeg ? .jpeg : .png }
        var fileExtension: String { self == .jpeg ? "jpg" : "png" }
    }

    enum SheetFormat: String, CaseIterable, Sendable {
        case jpeg, pdf
        var mediaType: HTTPMediaType { self == .jpeg ? .jpeg : .pdf }
        var fileExtension: String { self == .jpeg ? "jpg" : "pdf" }
    }

    /// Bytes ready to send, with their type and a file name for the download.
    struct Rendition: Sendable {
        var bytes: [UInt8]
        var mediaType: HTTPMediaType
        var fileName: String
        /// The background the photo has (`white`, `blue`, `#RRGGBB`), nil for the master.
        var background: String?

        func response(download: Bool) -> Response {
            var headers = HTTPHeaders()
            headers.contentType = mediaType
            headers.replaceOrAdd(name: .contentDisposition, value: "\(download ? "attachment" : "inline"); filename=\"\(fileName)\"")
            // Personal data: the browser may keep it, shared caches may not.
            headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
            return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// The spec, or a 404 naming the catalog's codes.
    func spec(_ code: String) throws -> PhotoSpec {
        guard let spec = imaging.catalog.spec(code) else {
            throw APIError(status: .notFound, code: "unknown_spec",
                           message: "no spec \"\(code)\"; the catalog has \(imaging.catalog.specs.map(\.code).joined(separator: ", "))")
        }
        return spec
    }

    /// Parses and checks a background against the spec: official specs keep their regulated
    /// colour, trade sizes take any catalog colour or #RRGGBB. Nil asks for the spec's default.
    func background(_ text: String?, for spec: PhotoSpec) throws -> (request: BackgroundRequest?, name: String?) {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return (nil, spec.isMaster ? nil : spec.background.default)
        }
        if spec.isMaster {
            throw APIError.unprocessable("background_not_allowed", "the master is the photo as it was taken; its background cannot be changed (choose a spec such as one-inch)")
        }
        do {
            let request = try BackgroundRequest(text, catalog: imaging.catalog)
            return (request, try BackgroundRequest.resolve(request, for: spec, catalog: imaging.catalog).name)
        } catch {
            throw APIError.unprocessable(error.code, error.description)
        }
    }

    /// One spec's photo of `capture` in `background` (nil: the spec's own) as `format`.
    func photo(of capture: Capture, spec code: String, background text: String?, format: Format) async throws -> Rendition {
        let spec = try spec(code)
        let (request, backgroundName) = try background(text, for: spec)
        let fileName = "\(code)\(backgroundName.map { "-" + $0.replacingOccurrences(of: "#", with: "") } ?? "").\(format.fileExtension)"
        let photos = capture.photos
        // The stored photo already is the spec in its own background.
        if let stored = photos.first(where: { $0.spec == code }),
           stored.background == backgroundName || (stored.background == nil && request == nil) {
            let jpeg = try await blob(stored)
            let bytes = format == .jpeg ? jpeg : try await workers.runIfActive { try PNGEncoder.encode(try ImageDecoder().decode(jpeg).image) }
            return Rendition(bytes: bytes, mediaType: format.mediaType, fileName: fileName, background: backgroundName)
        }
        let jpeg = try await render(capture, spec: spec, background: request)
        let bytes = format == .jpeg ? jpeg : try await workers.runIfActive { try PNGEncoder.encode(try ImageDecoder().decode(jpeg).image) }
        return Rendition(bytes: bytes, mediaType: format.mediaType, fileName: fileName, background: backgroundName)
    }

    /// A print sheet (6inch, 5inch or a4 from the catalog) filled with copies of one spec's
    /// photo at its exact print size, 300 dpi, with cut marks; JPEG or PDF.
    func sheet(of capture: Capture, spec code: String, paper: String, background text: String?, format: SheetFormat) async throws -> Rendition {
        let spec = try spec(code)
        guard let paperSize = imaging.catalog.papers[paper] else {
            throw APIError(status: .notFound, code: "unknown_paper",
                           message: "no paper \"\(paper)\"; the catalog has \(imaging.catalog.papers.keys.sorted().joined(separator: ", "))")
        }
        guard let size = spec.printMillimetres, !spec.isMaster else {
            throw APIError.unprocessable("no_print_size", "\(code) has no print size; choose a spec such as one-inch or cn-id-card")
        }
        let (request, backgroundName) = try background(text, for: spec)
        let jpeg: [UInt8]
        if let stored = capture.photos.first(where: { $0.spec == code }), stored.background == backgroundName {
            jpeg = try await blob(stored)
        } else {
            jpeg = try await render(capture, spec: spec, background: request)
        }
        let layout = SheetLayout.plan(paper: paperSize, photos: [size], counts: [nil])
        guard !layout.placements.isEmpty else {
            throw APIError.unprocessable("does_not_fit", "\(code) does not fit on \(paper) paper")
        }
        let bytes = try await workers.runIfActive { () throws -> [UInt8] in
            let image = try ImageDecoder().decode(jpeg).image
            switch format {
            case .pdf: return try SheetPDF.make(layout, photos: [(image, jpeg)], cutMarks: true)
            case .jpeg:
                let sheet = try SheetRenderer.render(layout, photos: [image], cutMarks: true)
                return try JPEGEncoder.encode(sheet, quality: 95, dpi: SheetRenderer.dpi).bytes
            }
        }
        let name = "\(code)-\(paper)-sheet\(backgroundName.map { "-" + $0.replacingOccurrences(of: "#", with: "") } ?? "").\(format.fileExtension)"
        return Rendition(bytes: bytes, mediaType: format.mediaType, fileName: name, background: backgroundName)
    }

    private func blob(_ photo: Photo) async throws -> [UInt8] {
        guard let address = BlobAddress(photo.blob) else { throw APIError.notFound("photo \(photo.id?.uuidString ?? "")'s image") }
        let blobs = blobs
        return try await threadPool.runIfActive { try blobs.get(address) }
    }

    /// The master through the pipeline again, for this one spec and background: at most
    /// two at once in the process (a re-render is about a second of a core, and ingest must
    /// not starve), and the last few kept, since a citizen previews and then downloads.
    private func render(_ capture: Capture, spec: PhotoSpec, background: BackgroundRequest?) async throws -> [UInt8] {
        guard let master = capture.photos.first(where: { $0.spec == "master" }) else {
            throw APIError(status: .notFound, code: "no_master",
                           message: "this capture's master is no longer kept (masters are deleted after the retention period), so only its stored photos can be downloaded")
        }
        let key = "\(imaging.catalog.version)|\(master.sha256)|\(spec.code)|\(background?.description ?? "-")"
        let workshop = RenditionWorkshop.shared
        if let cached = await workshop.cached(key) { return cached }
        let bytes = try await blob(master)
        let pipeline = imaging.pipeline
        let code = spec.code
        let workers = workers
        await workshop.acquire()
        let outcome = await Result(awaiting: {
            try await workers.runIfActive {
                try pipeline.process(bytes, specs: [code], assessQuality: false, background: background)
            }
        })
        await workshop.release()
        let result = try outcome.get()
        if let refusal = result.report.refusal { throw APIError.unprocessable(refusal.code, refusal.message) }
        guard let jpeg = result.photos[code] else {
            let refusal = result.report.photos.first { $0.spec == code }?.refusal
            throw APIError.unprocessable(refusal?.code ?? "spec_refused",
                                         "the \(code) photo cannot be made from this master: \(refusal?.message ?? "refused")")
        }
        await workshop.store(key, jpeg)
        return jpeg
    }
}

/// Re-renders in flight (bounded) and the most recent ones (bounded in bytes), per process.
actor RenditionWorkshop {
    static let shared = RenditionWorkshop()
    static let maxConcurrent = 2
    static let capacityBytes = 16 << 20

    private var entries: [String: [UInt8]] = [:]
    /// Least recently used first.
    private var order: [String] = []
    private var bytes = 0
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func cached(_ key: String) -> [UInt8]? {
        guard let value = entries[key] else { return nil }
        order.removeAll { $0 == key }
        order.append(key)
        return value
    }

    func store(_ key: String, _ value: [UInt8]) {
        guard value.count <= Self.capacityBytes / 4, entries[key] == nil else { return }
        entries[key] = value
        order.append(key)
        bytes += value.count
        while bytes > Self.capacityBytes, let oldest = order.first {
            order.removeFirst()
            bytes -= entries.removeValue(forKey: oldest)?.count ?? 0
        }
    }

    func acquire() async {
        if running < Self.maxConcurrent {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the slot to the next waiter, or frees it.
    func release() {
        if waiters.isEmpty { running -= 1 } else { waiters.removeFirst().resume() }
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body, so a cleanup step can run before rethrowing.
    init(awaiting body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
