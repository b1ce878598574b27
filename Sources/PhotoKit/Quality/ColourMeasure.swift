/// Natural colour (ISO/IEC 29794-5 natural colour: the face's mean a*, b* against the
/// range of real skin; ICAO 9303 Part 3: colour neutral, no cast; GA 461: colour photo).
/// The value is how far the cheeks' median (a*, b*) lies outside that range, in ΔE. Skin
/// of every tone has warm, positive a* and b*; a blue or green cast, or a grey photo,
/// pulls them to zero or below; a strong red or yellow cast pushes them past the top.
enum ColourMeasure {
    static let skinA: ClosedRange<Double> = 4...28
    static let skinB: ClosedRange<Double> = 5...34

    static func naturalColour(_ view: AlignedFace) -> RawMeasurement {
        let cheeks = view.cheeks
        guard cheeks.count >= 30 else { return .unknown("no bare cheek skin is visible") }
        let a = Statistics.median(cheeks.values(of: view.a)), b = Statistics.median(cheeks.values(of: view.b))
        func outside(_ v: Double, _ r: ClosedRange<Double>) -> Double { v < r.lowerBound ? r.lowerBound - v : max(0, v - r.upperBound) }
        let da = outside(a, skinA), db = outside(b, skinB)
        return .value((da * da + db * db).squareRoot(), ["a": a, "b": b])
    }
}
