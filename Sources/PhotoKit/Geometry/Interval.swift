/// A closed interval of reals, possibly unbounded; used to intersect geometry rules.
struct Interval: Equatable {
    var lower: Double
    var upper: Double

    static let all = Interval(lower: -.infinity, upper: .infinity)

    var isEmpty: Bool { lower > upper }

    func intersection(_ other: Interval) -> Interval {
        Interval(lower: max(lower, other.lower), upper: min(upper, other.upper))
    }

    func clamp(_ value: Double) -> Double { min(max(value, lower), upper) }

    /// Intersects intervals in priority order, skipping any that would leave nothing;
    /// returns the result and the indices skipped (the rules that lost a conflict).
    static func prioritised(_ intervals: [Interval]) -> (Interval, skipped: [Int]) {
        var result = Interval.all
        var skipped: [Int] = []
        for (index, interval) in intervals.enumerated() {
            let next = result.intersection(interval)
            if next.isEmpty { skipped.append(index) } else { result = next }
        }
        return (result, skipped)
    }
}
