/// Removes metadata from a JPEG without touching its coded image: drops APP1–APP13,
/// APP15, comments and anything after the image (EXIF with GPS, XMP, ICC, maker notes,
/// appended pictures) and keeps APP0 (JFIF) and APP14 (Adobe, which says how CMYK/YCCK
/// is coded). No generation loss, no decode.
public enum MetadataStripper {
    /// The stripped file, or nil when the structure is not walkable (then re-encode).
    public static func strip(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        let walk = JPEGSegments(bytes)
        guard let scan = walk.scanStart else { return nil }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(bytes.count)
        for segment in walk.segments {
            let isMetadata = (0xE1...0xEF).contains(segment.marker) && segment.marker != 0xEE || segment.marker == 0xFE
            if !isMetadata { out.append(contentsOf: bytes[segment.range]) }
        }
        // Entropy-coded data stuffs every 0xFF, so the first FF D9 after the scan is the end of
        // the primary image; what follows (appended MPF images, vendor trailers) is metadata too.
        var end = scan + 2
        while end + 1 < bytes.count, !(bytes[end] == 0xFF && bytes[end + 1] == 0xD9) { end += 1 }
        guard end + 1 < bytes.count else { return nil }
        out.append(contentsOf: bytes[scan...(end + 1)])
        return out
    }
}
