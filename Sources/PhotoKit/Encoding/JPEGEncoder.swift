import CVision

/// A JPEG ready to write, with how it was made.
public struct EncodedJPEG: Sendable {
    public let bytes: [UInt8]
    public let quality: Int
    public var kilobytes: Double { Double(bytes.count) / 1024 }
}

/// Encodes baseline JPEG through OpenCV (libjpeg-turbo): no EXIF, no ICC profile (so it
/// is read as sRGB), optimized Huffman tables, and the JFIF density set to the print dpi.
public enum JPEGEncoder {
    public static func encode(_ image: Image, quality: Int, dpi: Int?) throws -> EncodedJPEG {
        var pointer: UnsafeMutablePointer<UInt8>?
        var length = 0
        try vision("encode JPEG", cvision_encode_jpeg(image.handle, Int32(quality), 1, &pointer, &length))
        defer { cvision_buffer_free(pointer) }
        var bytes = Array(UnsafeBufferPointer(start: pointer, count: length))
        if let dpi { JFIFDensity.set(dpi: dpi, in: &bytes) }
        return EncodedJPEG(bytes: bytes, quality: quality)
    }

    /// The highest quality in `qualities` whose file fits under `window.max` KB. The
    /// file is never padded: if even the best quality stays under `window.min`, the
    /// result is smaller than the window and the caller reports it.
    public static func encode(_ image: Image, fitting window: PhotoSpec.Range?, qualities: ClosedRange<Int>, dpi: Int?) throws -> EncodedJPEG {
        let best = try encode(image, quality: qualities.upperBound, dpi: dpi)
        guard let limit = window?.max.map({ Int($0 * 1024) }), best.bytes.count > limit else { return best }
        // File size grows with quality (almost always monotonically): binary search.
        var low = qualities.lowerBound, high = qualities.upperBound - 1
        var fitting: EncodedJPEG?
        while low <= high {
            let middle = (low + high) / 2
            let attempt = try encode(image, quality: middle, dpi: dpi)
            if attempt.bytes.count <= limit {
                fitting = attempt
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        // Nothing fits even at the lowest allowed quality: return that, reported as over.
        return try fitting ?? encode(image, quality: qualities.lowerBound, dpi: dpi)
    }
}

/// Rewrites the JFIF APP0 segment's density (or inserts one) so the file carries its dpi.
public enum JFIFDensity {
    public static func set(dpi: Int, in bytes: inout [UInt8]) {
        let value = UInt8(truncatingIfNeeded: dpi >> 8), low = UInt8(truncatingIfNeeded: dpi)
        if bytes.count > 18, bytes[2] == 0xFF, bytes[3] == 0xE0, Array(bytes[6..<11]) == [0x4A, 0x46, 0x49, 0x46, 0] {
            bytes[13] = 1  // dots per inch
            bytes[14] = value; bytes[15] = low
            bytes[16] = value; bytes[17] = low
        } else {
            let segment: [UInt8] = [0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 1, value, low, value, low, 0, 0]
            bytes.insert(contentsOf: segment, at: 2)
        }
    }

    /// Reads (units, x density, y density) from the JFIF header, if there is one.
    public static func read(_ bytes: [UInt8]) -> (units: Int, x: Int, y: Int)? {
        guard bytes.count > 18, bytes[2] == 0xFF, bytes[3] == 0xE0, Array(bytes[6..<11]) == [0x4A, 0x46, 0x49, 0x46, 0] else { return nil }
        return (Int(bytes[13]), Int(bytes[14]) << 8 | Int(bytes[15]), Int(bytes[16]) << 8 | Int(bytes[17]))
    }
}
