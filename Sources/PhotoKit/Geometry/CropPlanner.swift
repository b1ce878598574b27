import Foundation

/// How one spec's photo is cut from the master: a rotation about the eye centre that
/// levels the eyes, a uniform scale, and a placement, as one source→output transform.
public struct CropPlan: Sendable {
    public var transform: AffineTransform
    public var scale: Double
    /// Rotation applied, in degrees (minus the master's roll).
    public var rotationDegrees: Double
    /// Rules given up because a higher-priority rule could not be met with them.
    public var yielded: [String]
}

/// Finds the scale and placement that meet a spec's head geometry. Each rule becomes an
/// interval of allowed scale (size rules) or eye-row (placement rules); intervals are
/// intersected in the spec's priority order and the preferred value clamped into the result.
public enum CropPlanner {
    public static func plan(_ spec: PhotoSpec, head: HeadMeasurements) throws(SpecRefusal) -> CropPlan {
        guard let g = spec.geometry, let size = spec.pixels else {
            preconditionFailure("planning needs a spec with geometry and pixels")
        }
        guard head.chinInside else { throw .chinCut }
        if g.needsHeadOutline {
            guard let crown = head.crown else { throw .crownNotFound }
            if crown.isCut { throw .crownCut }
        }
        let m = head.levelled
        let resolution = spec.resolution ?? PhotoSpec.ResolutionRule(minSourceEyeDistance: nil, maxUpscale: 1.5)
        if let needed = resolution.minSourceEyeDistance, m.eyeDistance < needed {
            throw .insufficientResolution(needed: "\(Int(needed)) px between the eyes",
                                          available: "\(Int(m.eyeDistance.rounded())) px")
        }

        // Scale.
        func measured(_ rule: HeadGeometry.SizeRule) -> Double {
            switch rule {
            case .headLength: m.chinDy - (m.crownDy ?? 0)
            case .faceWidth: m.faceWidth
            case .headWidth: m.headWidth ?? 0
            case .eyeDistance: m.eyeDistance
            }
        }
        var yielded: [String] = []
        let sizeRules = g.sizePriority
        let sizeIntervals = sizeRules.map { rule -> Interval in
            let r = g.range(rule)!, value = measured(rule)
            return Interval(lower: (r.min ?? 0) / value, upper: (r.max ?? .infinity) / value)
        }
        let primary = sizeIntervals[0]
        if primary.lower > resolution.maxUpscale {
            let rule = sizeRules[0]
            throw .insufficientResolution(
                needed: "\(rule.rawValue) of at least \(Int((g.range(rule)!.min! / resolution.maxUpscale).rounded())) px",
                available: "\(Int(measured(rule).rounded())) px")
        }
        let upscaleLimit = Interval(lower: 0, upper: resolution.maxUpscale)
        let (scaleRange, skippedSizes) = Interval.prioritised([upscaleLimit] + sizeIntervals)
        yielded += skippedSizes.map { sizeRules[$0 - 1].rawValue }
        let scale = scaleRange.clamp(g.range(sizeRules[0])!.preferred! / measured(sizeRules[0]))

        // Placement of the eye row.
        let height = Double(size.height)
        func eyeRow(for rule: HeadGeometry.PlacementRule, value: Double) -> Double {
            switch rule {
            case .crownMargin: value - scale * (m.crownDy ?? 0)
            case .chinMargin: height - value - scale * m.chinDy
            case .eyeLineFromTop: value
            case .eyeLineFromBottom: height - value
            }
        }
        let placementIntervals = g.placementPriority.map { rule -> Interval in
            let r = g.range(rule)!
            let a = eyeRow(for: rule, value: r.min ?? -.infinity), b = eyeRow(for: rule, value: r.max ?? .infinity)
            return Interval(lower: min(a, b).isNaN ? -.infinity : min(a, b), upper: max(a, b).isNaN ? .infinity : max(a, b))
        }
        let (rowRange, skippedPlacements) = Interval.prioritised(placementIntervals)
        yielded += skippedPlacements.map { g.placementPriority[$0].rawValue }
        let row = rowRange.clamp(eyeRow(for: g.placementAnchor, value: g.range(g.placementAnchor)!.preferred!))

        // Horizontal centring.
        let centreX = g.centreX?.preferred ?? Double(size.width) / 2
        let column = centreX - (g.centring == .face ? scale * m.faceCentreDx : 0)

        let transform = AffineTransform.similarity(rotation: -head.roll, scale: scale, pivot: head.landmarks.eyeCentre,
                                                   target: Point(x: column, y: row))
        return CropPlan(transform: transform, scale: scale, rotationDegrees: -head.roll * 180 / .pi, yielded: yielded)
    }
}
