/// Removes metadata from a JPEG without touching its coded image: drops APP1–APP13,
/// APP15, comments and anything after the image (EXIF with GPS, XMP, ICC, maker notes,
/// appended pictures) and keeps APP0 (JFIF) and APP14 (Adobe, which says how CMYK/YCCK
/// is coded). No generation loss, no decode.
public enum MetadataStripper {
    /// The stripped file, or nil when the structure is not walkable (then re-encode).
    public static func strip(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(bytes.count)
        var i = 2
        while i + 3 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xDA {
                // Entropy-coded data stuffs every 0xFF, so the first FF D9 after the scan is
                // the end of the primary image; what follows (appended MPF images, vendor
                // trailers) is metadata too.
                var j = i + 2
                while j + 1 < bytes.count, !(bytes[j] == 0xFF && bytes[j + 1] == 0xD9) { j += 1 }
                guard j + 1 < bytes.count else { return nil }
                out.append(contentsOf: bytes[i...(j + 1)])
                return out
            }
            let end = i + 2 + (Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]))
            guard end <= bytes.count else { return nil }
            let isMetadata = (0xE1...0xEF).contains(marker) && marker != 0xEE || marker == 0xFE
            if !isMetadata { out.append(contentsOf: bytes[i..<end]) }
            i = end
        }
        return nil
    }
}
