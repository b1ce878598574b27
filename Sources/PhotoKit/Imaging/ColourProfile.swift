import CVision

/// An embedded ICC profile. Photos leave PhotoKit untagged, which every viewer and printer
/// reads as sRGB, so pixels in another space (a phone's Display P3, a camera's Adobe RGB)
/// are converted on the way in.
public struct ColourProfile: Sendable {
    public let bytes: [UInt8]

    /// The profile embedded in a JPEG (APP2 "ICC_PROFILE" segments, in sequence order) or a
    /// WebP (ICCP chunk); nil when there is none. PNG's iCCP chunk is compressed and not read
    /// yet: such PNGs are taken as sRGB.
    public static func embedded(in bytes: [UInt8], format: ImageFormat) -> ColourProfile? {
        switch format {
        case .jpeg: jpeg(bytes)
        case .webp: webp(bytes)
        case .png: nil
        }
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard cvision_icc_description(bytes, bytes.count, &buffer, 256) == CVISION_OK else { return "unreadable profile" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the profile is sRGB already (by its description), so nothing needs doing.
    public var isSRGB: Bool { description.lowercased().contains("srgb") }

    /// Converts `image` (8-bit BGR) from this profile's space to sRGB in place.
    func convertToSRGB(_ image: Image) throws {
        try vision("convert colour profile to sRGB", cvision_icc_to_srgb(image.handle, bytes, bytes.count))
    }

    private static func jpeg(_ b: [UInt8]) -> ColourProfile? {
        let signature = Array("ICC_PROFILE".utf8) + [0]
        var chunks: [(sequence: UInt8, data: ArraySlice<UInt8>)] = []
        var i = 2
        while i + 3 < b.count, b[i] == 0xFF {
            let marker = b[i + 1]
            if marker == 0xDA || marker == 0xD9 { break }
            let end = i + 2 + (Int(b[i + 2]) << 8 | Int(b[i + 3]))
            guard end <= b.count else { break }
            let start = i + 4
            if marker == 0xE2, start + 14 <= end, Array(b[start..<(start + 12)]) == signature {
                chunks.append((b[start + 12], b[(start + 14)..<end]))
            }
            i = end
        }
        guard !chunks.isEmpty else { return nil }
        return ColourProfile(bytes: chunks.sorted { $0.sequence < $1.sequence }.flatMap(\.data))
    }

    private static func webp(_ b: [UInt8]) -> ColourProfile? {
        var i = 12
        while i + 8 <= b.count {
            let length = Int(b[i + 4]) | Int(b[i + 5]) << 8 | Int(b[i + 6]) << 16 | Int(b[i + 7]) << 24
            guard i + 8 + length <= b.count else { return nil }
            if String(decoding: b[i..<(i + 4)], as: UTF8.self) == "ICCP" {
                return ColourProfile(bytes: Array(b[(i + 8)..<(i + 8 + length)]))
            }
            i += 8 + length + (length & 1)
        }
        return nil
    }
}
