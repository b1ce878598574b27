/// The quality of one master judged for each spec it was processed for. The verdict for a
/// spec is its worst measure verdict; the report's verdict the worst over its specs.
public struct QualityReport: Codable, Sendable {
    /// The catalog (and so the thresholds) the verdicts were judged with.
    public var catalogVersion: String
    public var verdict: QualityVerdict
    public var specs: [SpecQuality]
    /// Time to compute the measures, after decoding and landmarks.
    public var milliseconds: Double?

    public init(catalogVersion: String, specs: [SpecQuality], milliseconds: Double?) {
        self.catalogVersion = catalogVersion
        self.specs = specs
        self.milliseconds = milliseconds
        verdict = specs.map(\.verdict).max() ?? .unknown
    }

    public func spec(_ code: String) -> SpecQuality? { specs.first { $0.spec == code } }
}

/// All measures judged with one spec's thresholds.
public struct SpecQuality: Codable, Sendable {
    public var spec: String
    public var verdict: QualityVerdict
    /// Measures that failed, in report order.
    public var failing: [QualityMeasure]
    public var measures: [MeasureResult]

    public init(spec: String, measures: [MeasureResult]) {
        self.spec = spec
        self.measures = measures
        verdict = measures.map(\.verdict).max() ?? .unknown
        failing = measures.filter { $0.verdict == .fail }.map(\.name)
    }

    public func measure(_ name: QualityMeasure) -> MeasureResult? { measures.first { $0.name == name } }
}
