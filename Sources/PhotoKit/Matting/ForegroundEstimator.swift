/// The person's own colour F at every pixel the matte calls partly person, so the old
/// backdrop does not bleed into hair once the new one goes behind it.
///
/// Each pixel obeys I = αF + (1 − α)B. B is the backdrop's local colour: the mean of the
/// nearby pure-backdrop pixels (a wall is rarely one flat colour; vignetting and light
/// falloff change it across the frame), or the border model where none are near. P is
/// the colour of the solid person pixels nearby (hair next to hair).
///
/// 1. Where P and B differ clearly, a pixel's colour itself says how much person it
///    holds: its position on the line from B to P. An α the matte overestimates there
///    (a backdrop pixel given 0.3 at the hair's edge) would otherwise bring the old
///    backdrop along as a pale rim, so the α of such band pixels is taken from that line
///    (blended with the matte's as the two colours get closer, where the line says
///    nothing). P comes from within 6 px, or 14 px for faint pixels further out (without
///    it they would keep the backdrop's colour).
/// 2. Solving gives F = (I − (1 − α)B) / α, clamped to the displayable range. It is exact
///    where α and B are right, but their errors are multiplied by 1/α, so for faint
///    strands (small α) F leans on P in proportion to how small α is — the smoothness
///    prior closed-form foreground estimation (Levin et al.) relies on, without a global
///    solve.
enum ForegroundEstimator {
    /// Window radii (px at output scale) for the local backdrop and person colours.
    static let backdropRadius = 15, personRadius = 6, widePersonRadius = 14
    /// α at or below which a pixel counts as pure backdrop, at or above which pure person.
    static let pureBackdrop: Float = 0.02, purePerson: Float = 0.98
    /// Below `trustedAlpha` the solved F is blended toward the nearby person colour.
    static let trustedAlpha: Float = 0.6, ignoredAlpha: Float = 0.15
    /// Distance between P and B (8-bit RGB units) from which the colour line decides α
    /// alone, and below which it has no say.
    static let decisiveContrast: Float = 60, uselessContrast: Float = 20

    struct Estimate {
        /// b, g, r planes.
        var foreground: [Plane]
        /// The matte, with band pixels checked against their colour.
        var alpha: AlphaMatte
    }

    /// `covered` marks pixels taken from the master (not filled with a colour).
    static func estimate(_ image: Image, alpha matte: AlphaMatte, covered: [Bool], backdrop: BackdropModel) -> Estimate {
        let w = image.width, h = image.height, n = w * h
        let channels = Plane.channels(of: image)
        let model = [Float(backdrop.blue), Float(backdrop.green), Float(backdrop.red)]
        let backdropWeight = Plane(width: w, height: h, values: (0..<n).map { matte.values[$0] <= pureBackdrop && covered[$0] ? 1 : 0 })
        let personWeight = Plane(width: w, height: h, values: matte.values.map { $0 >= purePerson ? 1 : 0 })
        // Summed-area tables, read only at the band's pixels (the only ones whose local
        // colours are used); the person's serve both of its radii.
        let backdropShares = BoxSums(backdropWeight), personShares = BoxSums(personWeight)
        let backdropSums = channels.map { plane in BoxSums(Plane(width: w, height: h, values: (0..<n).map { plane.values[$0] * backdropWeight.values[$0] })) }
        let personSums = channels.map { plane in BoxSums(Plane(width: w, height: h, values: (0..<n).map { plane.values[$0] * personWeight.values[$0] })) }
        var alpha = matte
        var foreground = channels.map(\.values)
        var local: [Float] = [0, 0, 0], near: [Float] = [0, 0, 0]
        for i in 0..<n {
            var a = matte.values[i]
            guard a > pureBackdrop, a < purePerson else { continue }
            let x = i % w, y = i / w
            let backdropShare = backdropShares.mean(x: x, y: y, radius: backdropRadius)
            let personShare = personShares.mean(x: x, y: y, radius: personRadius)
            let widePersonShare = personShares.mean(x: x, y: y, radius: widePersonRadius)
            for k in 0..<3 {
                local[k] = backdropShare > 0.02 ? backdropSums[k].mean(x: x, y: y, radius: backdropRadius) / backdropShare : model[k]
                // Faint pixels a few px off the outline look further for solid person.
                near[k] = personShare > 0.005 ? personSums[k].mean(x: x, y: y, radius: personRadius) / personShare
                    : (widePersonShare > 0.001 ? personSums[k].mean(x: x, y: y, radius: widePersonRadius) / widePersonShare : .nan)
            }
            let hasNear = !near[0].isNaN
            if hasNear {
                var dot: Float = 0, length: Float = 0
                for k in 0..<3 {
                    let line = near[k] - local[k]
                    dot += (channels[k].values[i] - local[k]) * line
                    length += line * line
                }
                let say = min(1, max(0, (length.squareRoot() - uselessContrast) / (decisiveContrast - uselessContrast)))
                if say > 0 { a = say * min(1, max(0, dot / length)) + (1 - say) * a }
            }
            alpha.values[i] = a <= pureBackdrop ? 0 : a
            guard a > pureBackdrop else { continue }
            let trust = hasNear ? min(1, max(0, (a - ignoredAlpha) / (trustedAlpha - ignoredAlpha))) : 1
            for k in 0..<3 {
                let solved = min(255, max(0, (channels[k].values[i] - (1 - a) * local[k]) / a))
                foreground[k][i] = trust * solved + (1 - trust) * (hasNear ? near[k] : solved)
            }
        }
        return Estimate(foreground: foreground.map { Plane(width: w, height: h, values: $0) }, alpha: alpha)
    }
}
