/// What an image's header says before any pixel is decoded: enough to refuse a
/// decompression bomb or a malformed file cheaply.
public struct ImageHeader: Equatable, Sendable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    /// Colour components in the file (JPEG: 1 gray, 3 YCbCr, 4 CMYK/YCCK).
    public var components: Int?

    /// Reads the header of `bytes`, throwing `InputRefusal` when it is not a readable image.
    public static func read(_ bytes: [UInt8]) throws(InputRefusal) -> ImageHeader {
        if bytes.isEmpty { throw .empty }
        let format = try ImageFormat.sniff(bytes).get()
        let header: ImageHeader?
        switch format {
        case .jpeg: header = jpeg(bytes)
        case .png: header = png(bytes)
        case .webp: header = webp(bytes)
        }
        guard let header, header.width > 0, header.height > 0 else {
            throw .corrupt(format: format, detail: "the header is incomplete or malformed")
        }
        return header
    }

    /// Reads the first start-of-frame segment.
    private static func jpeg(_ b: [UInt8]) -> ImageHeader? {
        let isFrame: (UInt8) -> Bool = { (0xC0...0xCF).contains($0) && ![0xC4, 0xC8, 0xCC].contains($0) }
        guard let frame = JPEGSegments(b).segments.first(where: { isFrame($0.marker) }), frame.payload.count >= 6 else { return nil }
        let p = frame.payload.lowerBound
        return ImageHeader(format: .jpeg, width: Int(b[p + 3]) << 8 | Int(b[p + 4]), height: Int(b[p + 1]) << 8 | Int(b[p + 2]),
                           components: Int(b[p + 5]))
    }

    /// True when an end-of-image marker follows the first scan: a truncated upload has none.
    /// (An embedded EXIF thumbnail ends before the main scan, so it cannot fool this.)
    static func jpegHasEndAfterScan(_ b: [UInt8]) -> Bool {
        guard let scan = JPEGSegments(b).scanStart else { return false }
        var j = b.count - 2
        while j > scan {
            if b[j] == 0xFF && b[j + 1] == 0xD9 { return true }
            j -= 1
        }
        return false
    }

    private static func png(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 26, Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
        let colourType = b[25]
        let components: Int? = switch colourType { case 0: 1; case 2: 3; case 3: 3; case 4: 2; case 6: 4; default: nil }
        return ImageHeader(format: .png, width: Int(bigEndian32(b, 16)), height: Int(bigEndian32(b, 20)), components: components)
    }

    /// Lossy (VP8), lossless (VP8L) and extended (VP8X) WebP headers.
    private static func webp(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 30 else { return nil }
        let chunk = String(decoding: b[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8 ":
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            let width = (Int(b[26]) | Int(b[27]) << 8) & 0x3FFF
            let height = (Int(b[28]) | Int(b[29]) << 8) & 0x3FFF
            return ImageHeader(format: .webp, width: width, height: height, components: 3)
        case "VP8L":
            guard b[20] == 0x2F else { return nil }
            let bits = UInt32(b[21]) | UInt32(b[22]) << 8 | UInt32(b[23]) << 16 | UInt32(b[24]) << 24
            return ImageHeader(format: .webp, width: Int(bits & 0x3FFF) + 1, height: Int(bits >> 14 & 0x3FFF) + 1, components: 4)
        case "VP8X":
            let width = (Int(b[24]) | Int(b[25]) << 8 | Int(b[26]) << 16) + 1
            let height = (Int(b[27]) | Int(b[28]) << 8 | Int(b[29]) << 16) + 1
            return ImageHeader(format: .webp, width: width, height: height, components: nil)
        default:
            return nil
        }
    }

    private static func bigEndian32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }
}
