import CVision

/// The visible mark on a photo handed to a department whose matter asks for one: what it
/// may be used for and when it was issued, in Chinese and English, on a light band across
/// the bottom so it stays legible on any background and cannot be cropped off without
/// cutting into the shoulders.
public struct PurposeWatermark: Sendable, Equatable {
    /// Lines from top to bottom, e.g. "仅限 市民卡申领 使用 · 2026-11-23".
    public var lines: [String]
    public var fontFamily: String

    public init(lines: [String], fontFamily: String = "Noto Sans CJK SC") {
        self.lines = lines
        self.fontFamily = fontFamily
    }

    /// The usual two lines: purpose and date in Chinese, then in English.
    public init(purposeZh: String, purposeEn: String, date: String, fontFamily: String = "Noto Sans CJK SC") {
        self.init(lines: ["仅限\(purposeZh)使用 · \(date)", "For \(purposeEn) only · \(date)"], fontFamily: fontFamily)
    }

    /// Draws the mark onto a BGR image and returns the new image.
    public func apply(to image: Image) throws -> Image {
        let canvas = try image.converted(.bgrToBGRA)
        let margin = max(2.0, Double(canvas.width) * 0.03)
        // The largest size (up to a twentieth of the width) at which every line fits.
        var size = max(9.0, Double(canvas.width) / 20)
        let widest = try lines.map { try extent($0, size: size).width }.max() ?? 0
        if widest > Double(canvas.width) - 2 * margin { size *= (Double(canvas.width) - 2 * margin) / widest }
        size = max(size, 7)
        let lineHeight = try extent("国A", size: size).height
        let bandHeight = lineHeight * Double(lines.count) + margin
        let bandTop = max(0, Int((Double(canvas.height) - bandHeight - margin).rounded(.down)))
        lighten(canvas, fromRow: bandTop, toRow: canvas.height)
        let ink: [Double] = [0.62, 0.05, 0.05, 0.95]  // dark red: reads as "not the original"
        let halo: [Double] = [1, 1, 1, 0.9]
        for (index, line) in lines.enumerated() {
            let width = try extent(line, size: size).width
            let x = (Double(canvas.width) - width) / 2
            let baseline = Double(bandTop) + margin / 2 + lineHeight * Double(index) + size
            try vision("draw watermark", line.withCString { text in
                fontFamily.withCString { family in
                    cvision_draw_text(canvas.handle, text, family, size, 1, x, baseline, ink, max(1, size / 8), halo)
                }
            })
        }
        return try canvas.converted(.bgraToBGR)
    }

    /// Marks a JPEG and encodes it again at `quality`, keeping its pixel density.
    public func apply(toJPEG bytes: [UInt8], quality: Int = 92) throws -> [UInt8] {
        let decoded = try ImageDecoder().decode(bytes)
        let marked = try apply(to: decoded.image)
        let density = JFIFDensity.read(bytes)
        return try JPEGEncoder.encode(marked, quality: quality, dpi: density.flatMap { $0.units == 1 ? $0.x : nil }).bytes
    }

    private func extent(_ text: String, size: Double) throws -> (width: Double, height: Double) {
        var width = 0.0, height = 0.0
        try vision("measure text", text.withCString { t in fontFamily.withCString { cvision_text_extent(t, $0, size, 1, &width, &height) } })
        return (width, height)
    }

    /// Blends the rows with white (60 %), so dark text reads on a red or blue background.
    private func lighten(_ image: Image, fromRow top: Int, toRow bottom: Int) {
        image.withPixels { pixels, stride in
            for y in top..<bottom {
                for x in 0..<image.width {
                    let p = y * stride + x * 4
                    for c in 0..<3 { pixels[p + c] = UInt8((Int(pixels[p + c]) * 2 + 255 * 3) / 5) }
                }
            }
        }
    }
}
