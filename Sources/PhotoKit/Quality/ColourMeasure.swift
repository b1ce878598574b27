import Foundation

/// Natural colour (ISO/IEC 29794-5 natural colour: the face's colour against the range of
/// real skin; ICAO 9303 Part 3: colour neutral, no cast; GA 461: colour photo). Skin of
/// every tone lies in a narrow wedge of CIELAB: warm hues (a*, b* both positive, hue angle
/// about 30–70°) with a chroma of about 11–45. A blue or green cast turns the hue or drains
/// the chroma, a grey photo has none, a red or yellow cast pushes the hue past the wedge's
/// edges. The value is how far the cheeks' median (a*, b*) lies outside the wedge, in ΔE:
/// chroma below or above the range, plus the arc length of the hue beyond it.
enum ColourMeasure {
    static let skinChroma: ClosedRange<Double> = 11...45
    static let skinHue: ClosedRange<Double> = 28...72

    static func naturalColour(_ view: AlignedFace) -> RawMeasurement {
        let cheeks = view.cheeks
        guard cheeks.count >= 30 else { return .unknown("no bare cheek skin is visible") }
        let a = Statistics.median(cheeks.values(of: view.a)), b = Statistics.median(cheeks.values(of: view.b))
        let chroma = (a * a + b * b).squareRoot()
        let hue = atan2(b, a) * 180 / .pi
        func outside(_ v: Double, _ r: ClosedRange<Double>) -> Double { v < r.lowerBound ? r.lowerBound - v : max(0, v - r.upperBound) }
        let hueArc = outside(hue, skinHue) * .pi / 180 * max(chroma, skinChroma.lowerBound)
        return .value(outside(chroma, skinChroma) + hueArc, ["a": a, "b": b, "chroma": chroma, "hue": hue])
    }
}
