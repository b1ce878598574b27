import Vapor

/// JSON responses with the API's encoder (ISO 8601 dates, sorted keys).
enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: try APIJSON.encoder.encode(value)))
    }
}
