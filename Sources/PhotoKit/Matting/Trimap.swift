/// The three-way map matting starts from: certainly person (255), certainly backdrop (0)
/// and the unknown band (128) along the person's outline where alpha is solved. The band
/// is wider around the hair (above `hairRow`), where strands mix with the backdrop, than
/// along the shoulders, whose edge is a clean fold of cloth; every unknown pixel costs
/// solving time, so the band stays narrow.
struct Trimap: Sendable {
    static let person: UInt8 = 255, backdrop: UInt8 = 0, unknown: UInt8 = 128

    let width: Int
    let height: Int
    var values: [UInt8]

    var unknownCount: Int { values.lazy.filter { $0 == Self.unknown }.count }

    /// Band half-widths in pixels of the image the trimap is made for.
    struct Band: Sendable {
        var hair: Int
        var body: Int
    }

    static func around(_ cut: CutoutSegmenter.Result, backdrop: [Bool], width w: Int, height h: Int,
                       hairRow: Double, band: Band) throws -> Trimap {
        let mask = try Image.gray(cut.person.map { $0 == 1 ? 255 : 0 }, width: w, height: h)
        func morph(_ op: Image.Morphology, _ radius: Int) throws -> [UInt8] {
            radius == 0 ? mask.bytes : try mask.morphed(op, diameter: 2 * radius + 1).bytes
        }
        let hairInside = try morph(.erode, band.hair), hairOutside = try morph(.dilate, band.hair)
        let bodyInside = try morph(.erode, band.body), bodyOutside = try morph(.dilate, band.body)
        var values = [UInt8](repeating: unknown, count: w * h)
        for y in 0..<h {
            let hair = Double(y) < hairRow
            for x in 0..<w {
                let i = y * w + x
                if cut.certainPerson[i] { values[i] = person; continue }
                if backdrop[i] { values[i] = Self.backdrop; continue }
                let inside = hair ? hairInside[i] : bodyInside[i], outside = hair ? hairOutside[i] : bodyOutside[i]
                values[i] = inside == 255 ? person : (outside == 0 ? Self.backdrop : unknown)
            }
        }
        return Trimap(width: w, height: h, values: values)
    }

    /// The smallest rectangle holding every unknown pixel, grown by `margin` (clamped);
    /// nil when nothing is unknown.
    func unknownBounds(margin: Int) -> PixelRect? {
        var minX = width, minY = height, maxX = -1, maxY = -1
        for y in 0..<height {
            for x in 0..<width where values[y * width + x] == Self.unknown {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return nil }
        let x0 = max(0, minX - margin), y0 = max(0, minY - margin)
        return PixelRect(x: x0, y: y0, width: min(width, maxX + margin + 1) - x0, height: min(height, maxY + margin + 1) - y0)
    }
}
