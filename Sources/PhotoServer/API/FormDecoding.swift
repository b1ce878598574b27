import Vapor

extension Request {
    /// Decodes a multipart upload; a body that is not a well-formed form answers 400 with
    /// what to send, instead of surfacing the parser's internals as a server error.
    func decodeForm<T: Content>(_ type: T.Type, expecting parts: String) throws -> T {
        if let body = body.data, let boundary = headers.contentType?.parameters["boundary"],
           !MultipartHeaderCheck.headerNamesAreASCII(body, boundary: boundary) {
            throw APIError.badRequest("invalid_form", "a part of the multipart form has a header name that is not ASCII; send \(parts)")
        }
        do {
            return try content.decode(type)
        } catch let error as any AbortError where error.status == .unsupportedMediaType {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send a multipart/form-data body with \(parts)")
        } catch {
            throw APIError.badRequest("invalid_form", "the multipart form could not be read (malformed body); send \(parts)")
        }
    }
}
