/// Checks quality thresholds in catalog files: known measure names, every measure given a
/// default, and a pass range inside its warn range.
struct QualityBandsValidator {
    let file: String

    func validateDefaults(_ bands: [String: QualityBands]) throws(SpecCatalogError) -> [QualityMeasure: QualityBands] {
        try validateOverrides(bands)
        var defaults: [QualityMeasure: QualityBands] = [:]
        for measure in QualityMeasure.allCases {
            guard let b = bands[measure.rawValue] else {
                throw SpecCatalogError(file: file, field: "quality.\(measure.rawValue)", reason: "is missing (every measure needs default thresholds)")
            }
            defaults[measure] = b
        }
        return defaults
    }

    func validateOverrides(_ bands: [String: QualityBands]?) throws(SpecCatalogError) {
        for (name, b) in bands ?? [:] {
            let field = "quality.\(name)"
            guard QualityMeasure(rawValue: name) != nil else {
                throw SpecCatalogError(file: file, field: field, reason: "unknown measure (see QualityMeasure for the names)")
            }
            for (range, key) in [(b.pass, "pass"), (b.warn, "warn")] {
                if range.min == nil && range.max == nil { throw SpecCatalogError(file: file, field: "\(field).\(key)", reason: "needs min or max") }
                if let lo = range.min, let hi = range.max, lo > hi {
                    throw SpecCatalogError(file: file, field: "\(field).\(key)", reason: "min \(lo) is above max \(hi)")
                }
            }
            let inside = (b.warn.min.map { lo in b.pass.min.map { $0 >= lo } ?? false } ?? true)
                && (b.warn.max.map { hi in b.pass.max.map { $0 <= hi } ?? false } ?? true)
            if !inside { throw SpecCatalogError(file: file, field: "\(field).pass", reason: "must lie inside the warn range") }
        }
    }
}
