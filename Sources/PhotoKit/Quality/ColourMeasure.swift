import Foundation

/// Natural colour (ISO/IEC 29794-5 natural colour: the face's colour against the range of
/// real skin; ICAO 9303 Part 3: colour neutral, no cast; GA 461: colour photo). Two parts,
/// in ΔE:
/// - Skin of every tone lies in a narrow wedge of CIELAB: warm hues (a*, b* both positive,
///   hue angle about 30–70°) with a chroma of about 11–45. A green cast turns the hue, a grey
///   photo has no chroma, a red or yellow cast pushes the hue past the wedge's edges. This
///   part is how far the cheeks' median (a*, b*) lies outside the wedge: chroma below or
///   above the range, plus the arc length of the hue beyond it.
/// - A blue cast on a warm complexion keeps the skin inside the wedge (it looks like paler
///   skin), so the frame's balance is also read from four references that a cast shifts
///   together and real scenes do not: the cheeks, the lips, the whites of the eyes, and the
///   colour of the view's edges (the grey-edge estimate of the illuminant, van de Weijer et
///   al. 2007, which a plain coloured backdrop does not sway). Each gives log(R/B) in linear
///   light; their mean distance below each one's typical value (the median over the clean
///   labelled portraits) is the frame's coolness. Coolness beyond `coolnessMargin` adds
///   `deltaEPerLogUnit` ΔE per unit.
enum ColourMeasure {
    static let skinChroma: ClosedRange<Double> = 11...45
    static let skinHue: ClosedRange<Double> = 28...72

    /// Typical log(R/B) in linear light of each reference: the medians over the clean
    /// labelled portraits.
    static let typicalWarmth = (cheeks: 0.85, lips: 1.08, sclera: 0.45, edges: 0.22)
    /// How far below the typical values together a frame may lie before it counts as cool,
    /// and how fast it then adds up. Calibrated on the labels: the clean portraits and their
    /// variants other than casts, patches and screens reach a coolness of 0.30, the blue casts
    /// of `scripts/degrade` 0.62–1.07, so the warn limit (1.5) falls at 0.32 and the fail
    /// limit (2) at 0.33.
    static let coolnessMargin = 0.28
    static let deltaEPerLogUnit = 40.0

    static func naturalColour(_ view: AlignedFace) -> RawMeasurement {
        let cheeks = view.cheeks
        guard cheeks.count >= 30 else { return .unknown("no bare cheek skin is visible") }
        let a = Statistics.median(cheeks.values(of: view.a)), b = Statistics.median(cheeks.values(of: view.b))
        let chroma = (a * a + b * b).squareRoot()
        let hue = atan2(b, a) * 180 / .pi
        func outside(_ v: Double, _ r: ClosedRange<Double>) -> Double { v < r.lowerBound ? r.lowerBound - v : max(0, v - r.upperBound) }
        let hueArc = outside(hue, skinHue) * .pi / 180 * max(chroma, skinChroma.lowerBound)
        let wedge = outside(chroma, skinChroma) + hueArc
        var detail = ["a": a, "b": b, "chroma": chroma, "hue": hue, "wedge": wedge]

        let balance = FrameBalance(view)
        var deviations: [Double] = []
        for (name, warmth, typical) in [("cheeks", balance.warmth(of: cheeks), typicalWarmth.cheeks),
                                         ("lips", balance.warmth(of: balance.lips), typicalWarmth.lips),
                                         ("sclera", balance.scleraWarmth(), typicalWarmth.sclera),
                                         ("edges", balance.edgeWarmth(), typicalWarmth.edges)] {
            guard let warmth else { continue }
            detail["warmth_\(name)"] = warmth
            deviations.append(warmth - typical)
        }
        var cool = 0.0
        if deviations.count >= 3 {
            let coolness = -deviations.reduce(0, +) / Double(deviations.count)
            detail["coolness"] = coolness
            cool = deltaEPerLogUnit * max(0, coolness - coolnessMargin)
        }
        return .value(wedge + cool, detail)
    }
}

/// The view in linear light, for colour ratios that a cast (a gain per channel) shifts by
/// the same amount wherever it is measured.
private struct FrameBalance {
    let view: AlignedFace
    let red: [Float], green: [Float], blue: [Float]

    init(_ view: AlignedFace) {
        self.view = view
        let table = (0..<256).map { (v: Int) -> Float in
            let c = Double(v) / 255
            return Float(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
        }
        red = view.red.values.map { table[Int($0)] }
        green = view.green.values.map { table[Int($0)] }
        blue = view.blue.values.map { table[Int($0)] }
    }

    /// The lips without the mouth opening.
    var lips: Region {
        let l = view.landmarks
        return Region.polygon(Array(l.points[48...59]), width: AlignedFace.width, height: AlignedFace.height)
            .subtracting(Region.polygon(Array(l.points[60...67]), width: AlignedFace.width, height: AlignedFace.height))
            .intersecting(view.valid)
    }

    static func logRatio(red: Double, blue: Double) -> Double? {
        red > 1e-4 && blue > 1e-4 ? log(red / blue) : nil
    }

    /// log(R/B) of the region's channel medians.
    func warmth(of region: Region, minimum: Int = 20) -> Double? {
        guard region.count >= minimum else { return nil }
        var r: [Float] = [], b: [Float] = []
        for i in 0..<region.members.count where region.members[i] { r.append(red[i]); b.append(blue[i]) }
        return Self.logRatio(red: Statistics.median(r), blue: Statistics.median(b))
    }

    /// log(R/B) of the brightest 30 % of the eye openings: the sclera, not iris or lashes.
    func scleraWarmth() -> Double? {
        let openings = view.eyeOpening(view.landmarks.leftEye).union(view.eyeOpening(view.landmarks.rightEye))
        guard openings.count >= 20 else { return nil }
        let indices = (0..<openings.members.count).filter { openings.members[$0] }
        let luma = indices.map { 0.21 * red[$0] + 0.72 * green[$0] + 0.07 * blue[$0] }
        let cut = Float(Statistics.quantile(luma, 0.7))
        var sclera = Region(width: AlignedFace.width, height: AlignedFace.height,
                            members: [Bool](repeating: false, count: openings.members.count))
        for (k, i) in indices.enumerated() where luma[k] >= cut { sclera.members[i] = true }
        return warmth(of: sclera, minimum: 6)
    }

    /// log(R/B) of the mean gradient magnitude per channel over the view (grey-edge, first
    /// order, after a 3×3 box smoothing), away from the view's invalid border.
    func edgeWarmth() -> Double? {
        let w = AlignedFace.width, h = AlignedFace.height
        // Red and blue only: green does not enter the ratio.
        let smoothRed = Plane(width: w, height: h, values: red).boxMean(radius: 1).values
        let smoothBlue = Plane(width: w, height: h, values: blue).boxMean(radius: 1).values
        var redSum = 0.0, blueSum = 0.0, count = 0
        view.valid.members.withUnsafeBufferPointer { valid in
            smoothRed.withUnsafeBufferPointer { r in
                smoothBlue.withUnsafeBufferPointer { b in
                    func magnitude(_ p: UnsafeBufferPointer<Float>, _ i: Int) -> Double {
                        let gx = Double(p[i + 1] - p[i - 1]), gy = Double(p[i + w] - p[i - w])
                        return (gx * gx + gy * gy).squareRoot()
                    }
                    for y in 2..<(h - 2) {
                        for x in 2..<(w - 2) {
                            let i = y * w + x
                            guard valid[i - 2 * w - 2], valid[i + 2 * w + 2], valid[i - 2 * w + 2], valid[i + 2 * w - 2] else { continue }
                            redSum += magnitude(r, i)
                            blueSum += magnitude(b, i)
                            count += 1
                        }
                    }
                }
            }
        }
        guard count > 1000 else { return nil }
        return Self.logRatio(red: redSum, blue: blueSum)
    }
}
