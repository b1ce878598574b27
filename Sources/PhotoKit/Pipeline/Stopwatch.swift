/// Accumulates wall time per named stage, in milliseconds.
struct Stopwatch {
    private var last = ContinuousClock.now
    private(set) var laps: [String: Double] = [:]

    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        laps[stage, default: 0] += Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        last = now
    }
}
