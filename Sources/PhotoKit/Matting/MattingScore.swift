/// How clean a replaced background is, measured on the finished photo.
public struct MattingScore: Codable, Sendable {
    /// Share of the background pixels (3 px or more outside the person's outline) within
    /// ΔE2000 < 3 of the target colour.
    public var backgroundWithinTolerance: Double
    public var backgroundPixels: Int
    /// Share of the outline band (pixels holding some person within 3 px of the outline)
    /// whose colour is pulled toward the original backdrop: closer to it (ΔE76) by more
    /// than 3 than any clean mixture of the nearby person colour and the target, and more
    /// than 3 away from that mixture line. A pale or tinted rim around hair counts; a clean
    /// edge does not.
    public var spill: Double
    public var bandPixels: Int

    /// Distance from the outline (px) beyond which a pixel counts as background or band.
    static let band = 3
    static let tolerance = 3.0, spillMargin = 3.0

    /// Scores `output` (the photo, decoded from its JPEG) made from `crop` with `matte` onto
    /// `target`; `backdrop` is the original backdrop's colour.
    public static func measure(output: Image, crop: Image, matte: AlphaMatte, target: RGBColor, backdrop: RGBColor) throws -> MattingScore {
        let w = matte.width, h = matte.height, n = w * h
        let person = try Image.gray(matte.values.map { $0 >= 0.5 ? 255 : 0 }, width: w, height: h)
        let diameter = 2 * band + 1
        let grown = try person.morphed(.dilate, diameter: diameter).bytes, shrunk = try person.morphed(.erode, diameter: diameter).bytes
        let out = labPixels(of: output)
        let targetLab = CIELab(target), backdropLab = CIELab(backdrop)
        // The person's own colour next to each band pixel, from the crop as shot.
        let channels = Plane.channels(of: crop)
        let solid = Plane(width: w, height: h, values: matte.values.map { $0 >= 0.98 ? 1 : 0 })
        let share = solid.boxMean(radius: 6)
        let sums = channels.map { plane in Plane(width: w, height: h, values: (0..<n).map { plane.values[$0] * solid.values[$0] }).boxMean(radius: 6) }
        var backgroundPixels = 0, within = 0, bandPixels = 0, spilled = 0
        for i in 0..<n {
            if grown[i] == 0 {
                backgroundPixels += 1
                if out[i].deltaE2000(targetLab) < tolerance { within += 1 }
                continue
            }
            guard shrunk[i] == 0, matte.values[i] > 0.02, share.values[i] > 0.02 else { continue }
            bandPixels += 1
            let p = CIELab(red: Double(sums[2].values[i] / share.values[i]), green: Double(sums[1].values[i] / share.values[i]),
                           blue: Double(sums[0].values[i] / share.values[i]))
            let (closest, offLine) = nearestOnSegment(from: targetLab, to: p, point: out[i], towards: backdropLab)
            if out[i].deltaE76(backdropLab) < closest - spillMargin, offLine > spillMargin { spilled += 1 }
        }
        return MattingScore(backgroundWithinTolerance: Double(within) / Double(max(1, backgroundPixels)), backgroundPixels: backgroundPixels,
                            spill: Double(spilled) / Double(max(1, bandPixels)), bandPixels: bandPixels)
    }

    /// The smallest distance from `towards` to the segment a–b (in L*a*b*), and the
    /// distance of `point` from that segment.
    static func nearestOnSegment(from a: CIELab, to b: CIELab, point: CIELab, towards: CIELab) -> (Double, Double) {
        func distance(_ q: CIELab) -> Double {
            let d = (b.l - a.l, b.a - a.a, b.b - a.b)
            let length = d.0 * d.0 + d.1 * d.1 + d.2 * d.2
            let t = length > 0 ? min(1, max(0, ((q.l - a.l) * d.0 + (q.a - a.a) * d.1 + (q.b - a.b) * d.2) / length)) : 0
            return q.deltaE76(CIELab(l: a.l + t * d.0, a: a.a + t * d.1, b: a.b + t * d.2))
        }
        return (distance(towards), distance(point))
    }
}

/// Test material with a known answer: a person with a known matte put onto a plain colour.
public enum SyntheticComposite {
    /// `foreground` (the person's colours, as the estimator recovers them) over `colour`
    /// with `alpha`: I = αF + (1 − α)B.
    public static func make(foreground: Image, alpha: AlphaMatte, onto colour: RGBColor) throws -> Image {
        try BackgroundCompositor.composite(foreground: Plane.channels(of: foreground), alpha: alpha, onto: colour)
    }
}
