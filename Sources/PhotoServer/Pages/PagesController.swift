import Foundation
import Vapor

/// The pages people touch: `/station` (the capture station at a window or with a mobile
/// team) and `/capture` (a citizen's phone) and `/audit` (the auditors' log). Plain HTML, CSS and JavaScript served from the
/// `Assets` resource folder; the pages talk to the same `/api/v1` as every other client.
struct PagesController: RouteCollection {
    /// The resource folder, read once; a file not in it is not served.
    static let assets: [String: (type: HTTPMediaType, body: String)] = {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [:] }
        var files: [String: (type: HTTPMediaType, body: String)] = [:]
        for name in names {
            guard let type = mediaType(of: name),
                  let body = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { continue }
            files[name] = (type, body)
        }
        return files
    }()

    static func mediaType(of name: String) -> HTTPMediaType? {
        switch (name as NSString).pathExtension {
        case "html": HTTPMediaType(type: "text", subType: "html", parameters: ["charset": "utf-8"])
        case "css": HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        case "js": HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        case "svg": .svg
        default: nil
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        // The node's front door is the capture station until the other pages exist.
        routes.get { request in request.redirect(to: "/station") }
        routes.get("station") { _ in try Self.serve("station.html") }
        routes.get("capture") { _ in try Self.serve("capture.html") }
        routes.get("audit") { _ in try Self.serve("audit.html") }
        routes.get("assets", ":file") { request in try Self.serve(request.parameters.get("file") ?? "") }
    }

    static func serve(_ name: String) throws -> Response {
        guard let file = assets[name] else { throw APIError.notFound("the page asset \"\(name)\"") }
        var headers = HTTPHeaders()
        headers.contentType = file.type
        // Pages change with the server; the browser asks again rather than run stale code.
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        // Only our own scripts and styles; camera frames and photos are shown as blob: and data: URLs.
        headers.replaceOrAdd(name: "Content-Security-Policy",
                             value: "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(string: file.body))
    }
}
