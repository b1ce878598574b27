/// The marker segments of a JPEG up to its first scan: one walk that header reading, EXIF,
/// ICC profiles and metadata stripping all share.
struct JPEGSegments {
    struct Segment {
        let marker: UInt8
        /// The whole segment, from its 0xFF marker to its last byte.
        let range: Range<Int>
        /// The bytes after the marker and the two length bytes.
        var payload: Range<Int> { (range.lowerBound + 4)..<range.upperBound }
    }

    let segments: [Segment]
    /// Where the start-of-scan marker is; nil when the walk stopped before one (a file cut
    /// short, or not a walkable JPEG).
    let scanStart: Int?

    init(_ b: [UInt8]) {
        var segments: [Segment] = []
        var scanStart: Int?
        var i = 2
        walk: while i + 1 < b.count, b[i] == 0xFF {
            let marker = b[i + 1]
            switch marker {
            case 0xFF: i += 1  // fill byte
            case 0xD8, 0x01, 0xD0...0xD7: i += 2  // markers without a length
            case 0xD9: break walk  // end of image before any scan
            case 0xDA:
                scanStart = i
                break walk
            default:
                guard i + 3 < b.count else { break walk }
                let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
                guard length >= 2, i + 2 + length <= b.count else { break walk }
                segments.append(Segment(marker: marker, range: i..<(i + 2 + length)))
                i += 2 + length
            }
        }
        self.segments = segments
        self.scanStart = scanStart
    }

    /// Segments whose marker is `marker` and whose payload starts with `prefix`.
    func segments(_ marker: UInt8, startingWith prefix: [UInt8], in b: [UInt8]) -> [Segment] {
        segments.filter { $0.marker == marker && $0.payload.count >= prefix.count && b[$0.payload].starts(with: prefix) }
    }
}

/// The chunks of a WebP (RIFF) file.
enum WebPChunks {
    /// The payload of the first chunk named `fourCC`, if any.
    static func payload(_ fourCC: String, in b: [UInt8]) -> Range<Int>? {
        let name = Array(fourCC.utf8)
        var i = 12
        while i + 8 <= b.count {
            let length = Int(b[i + 4]) | Int(b[i + 5]) << 8 | Int(b[i + 6]) << 16 | Int(b[i + 7]) << 24
            guard i + 8 + length <= b.count else { return nil }
            if Array(b[i..<(i + 4)]) == name { return (i + 8)..<(i + 8 + length) }
            i += 8 + length + (length & 1)
        }
        return nil
    }
}
