import Vapor

/// `GET /openapi.yaml`: the API contract, served from the file the tests check the server against.
enum OpenAPIDocument {
    static let text: String? = Bundle.module.url(forResource: "openapi", withExtension: "yaml")
        .flatMap { try? String(contentsOf: $0, encoding: .utf8) }

    @Sendable static func respond(_ request: Request) async throws -> Response {
        guard let text else { throw APIError.notFound("the OpenAPI document") }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
