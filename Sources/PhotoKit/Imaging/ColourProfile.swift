import CVision

/// An embedded ICC profile. Photos leave PhotoKit untagged, which every viewer and printer
/// reads as sRGB, so pixels in another space (a phone's Display P3, a camera's Adobe RGB)
/// are converted on the way in.
public struct ColourProfile: Sendable {
    public let bytes: [UInt8]
    /// The profile's own English description, read once.
    public let description: String

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var buffer = [CChar](repeating: 0, count: 256)
        description = cvision_icc_description(bytes, bytes.count, &buffer, 256) == CVISION_OK
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "unreadable profile"
    }

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

    /// Whether the profile is sRGB already (by its description), so nothing needs doing.
    public var isSRGB: Bool { description.lowercased().contains("srgb") }

    /// Converts `image` (8-bit BGR) from this profile's space to sRGB in place.
    func convertToSRGB(_ image: Image) throws {
        try vision("convert colour profile to sRGB", cvision_icc_to_srgb(image.handle, bytes, bytes.count))
    }

    private static func jpeg(_ b: [UInt8]) -> ColourProfile? {
        // Each segment: "ICC_PROFILE\0", sequence number, count, then its part of the profile.
        let chunks = JPEGSegments(b).segments(0xE2, startingWith: Array("ICC_PROFILE".utf8) + [0], in: b)
            .filter { $0.payload.count > 14 }
            .sorted { b[$0.payload.lowerBound + 12] < b[$1.payload.lowerBound + 12] }
        guard !chunks.isEmpty else { return nil }
        return ColourProfile(bytes: chunks.flatMap { b[($0.payload.lowerBound + 14)..<$0.payload.upperBound] })
    }

    private static func webp(_ b: [UInt8]) -> ColourProfile? {
        WebPChunks.payload("ICCP", in: b).map { ColourProfile(bytes: Array(b[$0])) }
    }
}
