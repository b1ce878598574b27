import Vapor

extension Request {
    /// Decodes a multipart upload; a body that is not a well-formed form answers 400 with
    /// what to send, instead of surfacing the parser's internals as a server error.
    func decodeForm<T: Content>(_ type: T.Type, expecting parts: String) throws -> T {
        if let boundary = headers.contentType?.parameters["boundary"], let body = body.data,
           MultipartHeaderNames.containNonASCII(body.readableBytesView, boundary: Array(boundary.utf8)) {
            throw APIError.badRequest("invalid_form", "the multipart form could not be read (a part's header name is not ASCII); send \(parts)")
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

/// MultipartKit looks each byte of a part's header names up in a 128-entry table and traps
/// on a byte of 0x80 or more, which takes the whole server down (found by schemathesis).
/// Such bodies are refused before they reach it.
enum MultipartHeaderNames {
    static func containNonASCII<Bytes: RandomAccessCollection>(_ body: Bytes, boundary: [UInt8]) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        let delimiter = Array("--".utf8) + boundary
        let bytes = Array(body)
        var index = 0
        while let start = find(delimiter, in: bytes, from: index) {
            var cursor = start + delimiter.count
            index = cursor
            guard cursor + 1 < bytes.count, bytes[cursor] == 13, bytes[cursor + 1] == 10 else { continue }
            cursor += 2
            // Header lines until the empty line; the name is everything before the colon.
            while cursor < bytes.count, bytes[cursor] != 13 {
                var inName = true
                while cursor < bytes.count, bytes[cursor] != 13 {
                    if bytes[cursor] == UInt8(ascii: ":") { inName = false }
                    if inName, bytes[cursor] >= 0x80 { return true }
                    cursor += 1
                }
                cursor += 2
            }
            index = max(index, cursor)
        }
        return false
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], Array(haystack[i ..< i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
