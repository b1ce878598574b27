import Fluent
import PhotoStore
import Vapor

/// Photo bytes: decrypted from the blob store, with an ETag (the content's SHA-256) so a
/// client revalidates instead of downloading again, and never stored by shared caches.
/// A photo served again comes from memory (`PhotoCache`): no database read, no decryption.
struct PhotosController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("photos", ":photoID", use: show)
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(.capturing)
        let (id, photo) = try await Self.photo(request)
        try await request.recordAccess(request.auditEntry(action: AuditAction.photoView, personID: photo.personID, photoID: id,
                                                          purpose: "staff: \(photo.spec) photo"))
        let etag = "\"\(photo.sha256)\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        if Self.matches(etag, request.headers[.ifNoneMatch]) {
            return Response(status: .notModified, headers: headers)
        }
        guard let address = photo.blob else { throw APIError.notFound("photo \(id)'s image") }
        let jpeg = try await Self.bytes(at: address, request)
        headers.contentType = .jpeg
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(photo.spec).jpg\"")
        return Response(status: .ok, headers: headers, body: .init(buffer: jpeg))
    }

    /// The photo's row, from the cache or the database.
    private static func photo(_ request: Request) async throws -> (UUID, PhotoCache.Row) {
        guard let id = request.parameters.get("photoID", as: UUID.self) else {
            throw APIError.notFound("photo \(request.parameters.get("photoID") ?? "")")
        }
        let cache = request.application.photoCache
        if let row = cache.row(id) { return (id, row) }
        guard let photo = try await Photo.query(on: request.db).filter(\.$id == id).with(\.$capture).first() else {
            throw APIError.notFound("photo \(id)")
        }
        let row = PhotoCache.Row(sha256: photo.sha256, blob: BlobAddress(photo.blob), spec: photo.spec, personID: photo.capture.$person.id)
        cache.remember(row, for: id)
        return (id, row)
    }

    /// The decrypted image, from the cache or read and opened off the event loop.
    private static func bytes(at address: BlobAddress, _ request: Request) async throws -> ByteBuffer {
        let cache = request.application.photoCache
        if let cached = cache.bytes(at: address) { return cached }
        let blobs = request.library.blobs
        let buffer = ByteBuffer(bytes: try await request.application.threadPool.runIfActive { try blobs.get(address) })
        cache.remember(buffer, at: address)
        return buffer
    }

    private static func matches(_ etag: String, _ ifNoneMatch: [String]) -> Bool {
        ifNoneMatch.contains { $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag } }
    }
}
