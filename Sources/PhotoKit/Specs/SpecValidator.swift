/// Checks a decoded spec for figures that cannot all be true, naming the field.
struct SpecValidator {
    let file: String
    let palette: [String: SpecCatalog.NamedColour]

    static let confidenceGroups: Set<String> = ["size", "geometry", "fileSize", "background", "resolution"]

    func validate(_ spec: PhotoSpec) throws(SpecCatalogError) {
        let stem = (file as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
        try check(spec.code == stem, "code", "\"\(spec.code)\" must match the file name \"\(stem)\"")
        try check(spec.version >= 1, "version", "must be 1 or more")
        try check(spec.file.format == "jpeg", "file.format", "only \"jpeg\" is supported")
        try check((1...100).contains(spec.file.quality.min), "file.quality.min", "must be 1–100")
        try check((spec.file.quality.min...100).contains(spec.file.quality.max), "file.quality.max", "must be between quality.min and 100")
        if let window = spec.file.sizeKB { try range(window, "file.sizeKB") }
        try check(palette[spec.background.default] != nil, "background.default", "\"\(spec.background.default)\" is not a catalog colour")
        try check(spec.background.allowed.contains(spec.background.default), "background.allowed", "must include the default")
        for (i, name) in spec.background.allowed.enumerated() {
            try check(palette[name] != nil, "background.allowed[\(i)]", "\"\(name)\" is not a catalog colour")
        }
        for key in spec.confidence.keys {
            try check(Self.confidenceGroups.contains(key), "confidence.\(key)", "unknown group (use \(Self.confidenceGroups.sorted().joined(separator: ", ")))")
        }
        if spec.isMaster {
            try check(spec.pixels == nil && spec.geometry == nil, "pixels", "the master keeps the size as shot: no pixels or geometry")
            return
        }
        guard let pixels = spec.pixels else { throw SpecCatalogError(file: file, field: "pixels", reason: "is missing") }
        try check(pixels.width >= 16 && pixels.height >= 16 && pixels.width <= 4000 && pixels.height <= 4000, "pixels", "must be 16–4000 on each side")
        guard let dpi = spec.dpi else { throw SpecCatalogError(file: file, field: "dpi", reason: "is missing") }
        try check((72...1200).contains(dpi), "dpi", "must be 72–1200")
        if let mm = spec.printMillimetres {
            let w = mm.width / 25.4 * Double(dpi), h = mm.height / 25.4 * Double(dpi)
            try check(abs(w - Double(pixels.width)) <= 2 && abs(h - Double(pixels.height)) <= 2, "printMillimetres",
                      "\(mm.width)×\(mm.height) mm at \(dpi) dpi is \(Int(w.rounded()))×\(Int(h.rounded())) px, not \(pixels.width)×\(pixels.height)")
        }
        if let resolution = spec.resolution {
            try check(resolution.maxUpscale >= 1, "resolution.maxUpscale", "must be 1 or more")
        }
        guard let g = spec.geometry else { throw SpecCatalogError(file: file, field: "geometry", reason: "is missing") }
        for rule in HeadGeometry.SizeRule.allCases { if let r = g.range(rule) { try range(r, "geometry.\(rule.rawValue)") } }
        for rule in HeadGeometry.PlacementRule.allCases { if let r = g.range(rule) { try range(r, "geometry.\(rule.rawValue)") } }
        if let r = g.centreX { try range(r, "geometry.centreX") }
        try check(!g.sizePriority.isEmpty, "geometry.sizePriority", "needs at least one size rule")
        for (i, rule) in g.sizePriority.enumerated() {
            try check(g.range(rule)?.preferred != nil || i > 0, "geometry.sizePriority[\(i)]", "\(rule.rawValue) needs a closed range or a target")
            try check(g.range(rule) != nil, "geometry.sizePriority[\(i)]", "\(rule.rawValue) has no range")
        }
        for (i, rule) in g.placementPriority.enumerated() {
            try check(g.range(rule) != nil, "geometry.placementPriority[\(i)]", "\(rule.rawValue) has no range")
        }
        try check(g.placementPriority.contains(g.placementAnchor), "geometry.placementAnchor", "must be one of placementPriority")
        try check(g.range(g.placementAnchor)?.preferred != nil, "geometry.placementAnchor", "needs a closed range or a target")
    }

    private func range(_ r: PhotoSpec.Range, _ field: String) throws(SpecCatalogError) {
        try check(r.min != nil || r.max != nil, field, "needs min or max")
        if let lo = r.min, let hi = r.max { try check(lo <= hi, field, "min \(lo) is above max \(hi)") }
        if let t = r.target { try check(r.contains(t), field + ".target", "\(t) is outside the range") }
    }

    private func check(_ condition: Bool, _ field: String, _ reason: String) throws(SpecCatalogError) {
        if !condition { throw SpecCatalogError(file: file, field: field, reason: reason) }
    }
}

import Foundation
