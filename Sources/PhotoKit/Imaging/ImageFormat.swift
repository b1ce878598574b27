/// The containers PhotoKit accepts, recognised by their magic bytes (never by file name).
public enum ImageFormat: String, Codable, Sendable {
    case jpeg, png, webp

    /// Recognises the format from the first bytes, or says what the bytes look like.
    static func sniff(_ bytes: [UInt8]) -> Result<ImageFormat, InputRefusal> {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .success(.jpeg) }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .success(.png) }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return .success(.webp)
        }
        return .failure(.unsupportedFormat(looksLike: describe(bytes)))
    }

    /// A short human description of unrecognised bytes, for the refusal message.
    private static func describe(_ bytes: [UInt8]) -> String {
        let known: [(prefix: [UInt8], name: String)] = [
            (Array("GIF8".utf8), "a GIF image"), (Array("BM".utf8), "a BMP image"),
            ([0x49, 0x49, 0x2A, 0x00], "a TIFF image"), ([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"),
            (Array("%PDF".utf8), "a PDF document"), ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive"),
        ]
        if let match = known.first(where: { bytes.starts(with: $0.prefix) }) { return match.name }
        if bytes.count >= 12, Array(bytes[4..<8]) == Array("ftyp".utf8) { return "a HEIC/MP4 file" }
        let sample = bytes.prefix(512)
        let printable = sample.filter { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if !sample.isEmpty && printable.count == sample.count { return "a text file" }
        return "unrecognised data"
    }
}
