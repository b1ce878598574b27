/// Where a measure's raw value passes, warns or fails: inside `pass` it passes, inside
/// `warn` (which contains `pass`) it warns, elsewhere it fails. Either end of a range may be
/// open, so one shape serves one-sided measures (sharpness) and two-sided ones (yaw).
/// Catalog data: `catalog.json` holds the defaults, a spec's `quality` overrides them.
public struct QualityBands: Codable, Equatable, Sendable {
    public var pass: PhotoSpec.Range
    public var warn: PhotoSpec.Range
    /// Where the figures come from.
    public var note: String?

    public init(pass: PhotoSpec.Range, warn: PhotoSpec.Range, note: String? = nil) {
        self.pass = pass
        self.warn = warn
        self.note = note
    }

    public func verdict(_ value: Double) -> QualityVerdict {
        if pass.contains(value) { return .pass }
        return warn.contains(value) ? .warn : .fail
    }

    /// Which side of the pass range a value lies on (for guidance that says which way to go).
    public func side(of value: Double) -> Side? {
        if let min = pass.min, value < min { return .low }
        if let max = pass.max, value > max { return .high }
        return nil
    }

    public enum Side: Sendable { case low, high }

    /// 0–100: 70–100 inside the pass range (100 once a band's width away from its edge),
    /// 40–70 in the warn band, 0–40 beyond it, reaching 0 a band's width further out. The
    /// band is the gap between the pass and warn edges on that side (a quarter of the pass
    /// range when they coincide).
    public func score(_ value: Double) -> Double {
        let lowBand = band(passEdge: pass.min, warnEdge: warn.min)
        let highBand = band(passEdge: pass.max, warnEdge: warn.max)
        if pass.contains(value) {
            let depthLow = pass.min.map { (value - $0) / lowBand } ?? 1
            let depthHigh = pass.max.map { ($0 - value) / highBand } ?? 1
            return 70 + 30 * min(1, max(0, min(depthLow, depthHigh)))
        }
        // Outside the pass range: measure from the edge on the side the value lies.
        let below = side(of: value) == .low
        let edge = below ? pass.min! : pass.max!
        let band = below ? lowBand : highBand, warnEdge = below ? warn.min : warn.max
        let beyondPass = abs(value - edge)
        if warn.contains(value) { return 70 - 30 * min(1, beyondPass / band) }
        let beyondWarn = warnEdge.map { abs(value - $0) } ?? beyondPass
        return max(0, 40 * (1 - beyondWarn / band))
    }

    private func band(passEdge: Double?, warnEdge: Double?) -> Double {
        if let p = passEdge, let w = warnEdge, abs(p - w) > 1e-9 { return abs(p - w) }
        if let lo = pass.min, let hi = pass.max, hi > lo { return (hi - lo) / 4 }
        return max(abs(passEdge ?? 1) / 4, 1e-6)
    }
}
