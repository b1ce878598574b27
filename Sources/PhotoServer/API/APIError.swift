import Vapor

/// An error a client can act on: HTTP status, a stable code and a sentence, plus optional
/// details (the quality report of a refused capture). Rendered as
/// `{"error": code, "message": text, …details}` by `APIErrorMiddleware`.
struct APIError: Error, Sendable {
    var status: HTTPResponseStatus
    var code: String
    var message: String
    /// Extra top-level members, already encoded as JSON.
    var details: [String: String] = [:]

    static func badRequest(_ code: String, _ message: String) -> APIError { .init(status: .badRequest, code: code, message: message) }
    static func unprocessable(_ code: String, _ message: String) -> APIError { .init(status: .unprocessableEntity, code: code, message: message) }
    static func notFound(_ what: String) -> APIError { .init(status: .notFound, code: "not_found", message: "\(what) was not found") }
    static func forbidden(_ message: String) -> APIError { .init(status: .forbidden, code: "forbidden", message: message) }
    static let unauthorized = APIError(status: .unauthorized, code: "unauthorized",
                                       message: "sign in first: send the token from POST /api/v1/auth/login as \"Authorization: Bearer <token>\"")

    /// A pipeline refusal of the input: 413 for too big, 415 for not an image, 422 for an
    /// image that cannot be used.
    static func refusal(code: String, message: String) -> APIError {
        let status: HTTPResponseStatus = switch code {
        case "file_too_large", "too_many_pixels": .payloadTooLarge
        case "unsupported_format", "empty_file": .unsupportedMediaType
        default: .unprocessableEntity
        }
        return APIError(status: status, code: code, message: message)
    }

    /// The same error with `value` under `key` in the body.
    func with(_ key: String, _ value: some Encodable) -> APIError {
        var copy = self
        copy.details[key] = (try? APIJSON.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return copy
    }

    /// The JSON body.
    var body: String {
        let head = String(decoding: try! APIJSON.encoder.encode(["error": code, "message": message]), as: UTF8.self)
        guard !details.isEmpty else { return head }
        let members = details.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        return String(head.dropLast()) + "," + members + "}"
    }
}
