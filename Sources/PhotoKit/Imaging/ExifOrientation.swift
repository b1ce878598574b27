/// The EXIF orientation tag (0x0112): how the stored pixels must be turned to stand upright.
/// Phones store the sensor's rows as shot and set this tag instead of rotating.
public enum ExifOrientation: Int, Codable, Sendable {
    case up = 1, upMirrored = 2, down = 3, downMirrored = 4
    case leftMirrored = 5, right = 6, rightMirrored = 7, left = 8

    /// Finds the tag in a JPEG's APP1 "Exif" segment, a PNG's eXIf chunk or a WebP's EXIF
    /// chunk; `.up` when absent or unreadable.
    public static func read(from bytes: [UInt8], format: ImageFormat) -> ExifOrientation {
        guard let tiff = tiffBlock(in: bytes, format: format) else { return .up }
        return orientation(inTIFF: bytes, at: tiff) ?? .up
    }

    /// Applies the orientation so the image stands upright.
    func upright(_ image: Image) throws -> Image {
        switch self {
        case .up: image
        case .upMirrored: try image.flipped(.horizontal)
        case .down: try image.rotated(.halfTurn)
        case .downMirrored: try image.flipped(.vertical)
        case .leftMirrored: try image.rotated(.clockwise).flipped(.horizontal)
        case .right: try image.rotated(.clockwise)
        case .rightMirrored: try image.rotated(.counterClockwise).flipped(.horizontal)
        case .left: try image.rotated(.counterClockwise)
        }
    }

    private static func tiffBlock(in b: [UInt8], format: ImageFormat) -> Int? {
        switch format {
        case .jpeg:
            let exif: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]  // "Exif\0\0"
            return JPEGSegments(b).segments(0xE1, startingWith: exif, in: b).first.map { $0.payload.lowerBound + 6 }
        case .png:
            var i = 8
            while i + 8 <= b.count {
                let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
                let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
                if type == "eXIf" { return i + 8 }
                if type == "IDAT" || type == "IEND" { return nil }
                i += 12 + length
            }
            return nil
        case .webp:
            guard let chunk = WebPChunks.payload("EXIF", in: b) else { return nil }
            // Some writers keep the JPEG "Exif\0\0" prefix inside the chunk.
            return b[chunk].starts(with: [0x45, 0x78, 0x69, 0x66]) ? chunk.lowerBound + 6 : chunk.lowerBound
        }
    }

    /// Reads tag 0x0112 from IFD0 of the TIFF structure starting at `base`.
    private static func orientation(inTIFF b: [UInt8], at base: Int) -> ExifOrientation? {
        guard base + 8 <= b.count else { return nil }
        let little: Bool
        switch (b[base], b[base + 1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= b.count else { return nil }
            return little ? Int(b[at]) | Int(b[at + 1]) << 8 : Int(b[at]) << 8 | Int(b[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(little ? at : at + 2), let high = u16(little ? at + 2 : at) else { return nil }
            return high << 16 | low
        }
        guard let ifdOffset = u32(base + 4), let entries = u16(base + ifdOffset), entries < 1000 else { return nil }
        for entry in 0..<entries {
            let at = base + ifdOffset + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, let value = u16(at + 8) { return ExifOrientation(rawValue: value) }
        }
        return nil
    }
}
