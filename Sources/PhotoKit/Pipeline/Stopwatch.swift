/// Accumulates wall time per named stage, in milliseconds.
struct Stopwatch {
    private var last = ContinuousClock.now
    private(set) var laps: [String: Double] = [:]

    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        laps[stage, default: 0] += (now - last).milliseconds
        last = now
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    public var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
