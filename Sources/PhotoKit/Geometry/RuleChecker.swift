/// Checks a produced photo against every figure of its spec, on what was measured.
public enum RuleChecker {
    /// Landmarks found again on a small image move by a pixel or two between runs.
    public static let measurementTolerance = 2.0
    /// Roll left after levelling, in degrees.
    public static let maxResidualRoll = 2.0

    public static func check(_ spec: PhotoSpec, measured: MeasuredGeometry?, size: Size, jpeg: EncodedJPEG?, yielded: [String]) -> [RuleCheck] {
        var checks: [RuleCheck] = []
        func add(_ rule: String, _ range: PhotoSpec.Range?, _ value: Double?, tolerance: Double = measurementTolerance) {
            guard let range else { return }
            let met = value.map { range.contains($0, tolerance: tolerance) } ?? false
            checks.append(RuleCheck(rule: rule, min: range.min, max: range.max, measured: value, met: met,
                                    yielded: !met && yielded.contains(rule)))
        }
        if let pixels = spec.pixels {
            add("pixelWidth", .init(min: Double(pixels.width), max: Double(pixels.width)), Double(size.width), tolerance: 0)
            add("pixelHeight", .init(min: Double(pixels.height), max: Double(pixels.height)), Double(size.height), tolerance: 0)
        }
        if let dpi = spec.dpi, let jpeg {
            let density = JFIFDensity.read(jpeg.bytes)
            let value = density.flatMap { $0.units == 1 && $0.x == $0.y ? Double($0.x) : nil }
            add("dpi", .init(min: Double(dpi), max: Double(dpi)), value, tolerance: 0)
        }
        if let jpeg {
            add("fileSizeKB", spec.file.sizeKB, jpeg.kilobytes, tolerance: 0)
            add("jpegQuality", .init(min: Double(spec.file.quality.min)), Double(jpeg.quality), tolerance: 0)
        }
        guard let g = spec.geometry, let m = measured else { return checks }
        let height = Double(size.height), width = Double(size.width)
        add("headLength", g.headLength, m.headLength)
        add("faceWidth", g.faceWidth, m.faceWidth)
        add("headWidth", g.headWidth, m.headWidth)
        add("eyeDistance", g.eyeDistance, m.eyeDistance)
        add("crownMargin", g.crownMargin, m.crownRow)
        add("chinMargin", g.chinMargin, height - m.chinRow)
        add("eyeLineFromTop", g.eyeLineFromTop, m.eyeLine)
        add("eyeLineFromBottom", g.eyeLineFromBottom, height - m.eyeLine)
        let centre = g.centring == .eyes ? m.eyeMidpointX : m.faceCentreX
        let centreRange = g.centreX ?? .init(min: width / 2 - width * 0.015, max: width / 2 + width * 0.015)
        add(g.centring == .eyes ? "eyeMidpointX" : "faceCentreX", centreRange, centre)
        add("roll", .init(min: -maxResidualRoll, max: maxResidualRoll), m.roll, tolerance: 0)
        return checks
    }
}
