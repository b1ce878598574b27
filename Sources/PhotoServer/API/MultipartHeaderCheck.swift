import Vapor

/// MultipartKit 4.7.1 indexes a 128-entry table with each byte of a part's header names, so a
/// byte above 127 there crashes the whole server (found by schemathesis). Until a fixed
/// version is available, every header name of every part is checked to be ASCII first.
enum MultipartHeaderCheck {
    /// True when no part header's name (the text before its colon) holds a non-ASCII byte.
    static func headerNamesAreASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        body.withUnsafeReadableBytes { scan($0, delimiter: Array("--\(boundary)".utf8)) }
    }

    /// Reads the body where it lies: an upload may be 40 MB.
    private static func scan(_ bytes: UnsafeRawBufferPointer, delimiter: [UInt8]) -> Bool {
        var index = 0
        while let start = find(delimiter, in: bytes, from: index) {
            var cursor = start + delimiter.count
            // Header lines follow the delimiter line, up to an empty line.
            guard let lineEnd = find([0x0D, 0x0A], in: bytes, from: cursor) else { return true }
            cursor = lineEnd + 2
            while cursor < bytes.count {
                let end = find([0x0D, 0x0A], in: bytes, from: cursor) ?? bytes.count
                if end == cursor { break }
                let line = bytes[cursor..<end]
                let name = line.prefix { $0 != UInt8(ascii: ":") }
                if name.contains(where: { $0 >= 0x80 }) { return false }
                cursor = end + 2
            }
            index = cursor
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
