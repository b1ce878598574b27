import Fluent
import PhotoStore
import Vapor

/// Photo bytes: decrypted from the blob store, with an ETag (the content's SHA-256) so a
/// client revalidates instead of downloading again, and never stored by shared caches.
struct PhotosController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("photos", ":photoID", use: show)
    }

    func show(_ request: Request) async throws -> Response {
        _ = try request.requireStaff(.capturing)
        guard let id = request.parameters.get("photoID", as: UUID.self), let photo = try await Photo.find(id, on: request.db) else {
            throw APIError.notFound("photo \(request.parameters.get("photoID") ?? "")")
        }
        let etag = "\"\(photo.sha256)\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        if request.headers[.ifNoneMatch].contains(where: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(etag) }) {
            return Response(status: .notModified, headers: headers)
        }
        guard let address = BlobAddress(photo.blob) else { throw APIError.notFound("photo \(id)'s image") }
        let blobs = request.library.blobs
        let bytes = try await request.application.threadPool.runIfActive { try blobs.get(address) }
        headers.contentType = .jpeg
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(photo.spec).jpg\"")
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }
}
