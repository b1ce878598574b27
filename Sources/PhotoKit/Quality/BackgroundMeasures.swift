/// Measures of the backdrop: the background region is everything the person mask leaves
/// beside and above the head, a margin away from the outline.
enum BackgroundMeasures {
    /// Smallest background area (view pixels) worth judging.
    static let minimumArea = 1500
    /// Uniformity value above which shadows on the backdrop are not judged.
    static let busyBackdrop = 2.5

    /// Texture plus spread of the background colour (ISO/IEC 29794-5 has none; ICAO 9303
    /// Part 3: plain, uniform background; GA 461: no patterns): the mean ΔE (CIE76) between
    /// neighbouring background pixels at the aligned scale, plus a tenth of the colour's
    /// standard deviation (ΔE), so both a pattern and a two-tone scene (sky over sea) count.
    /// A plain wall is well under 1; a room, a poster or foliage several times that.
    static func uniformity(_ view: AlignedFace) -> RawMeasurement {
        guard let background = view.background else { return .unknown("the person could not be separated from the background") }
        guard background.count >= minimumArea else { return .unknown("too little background is visible around the head") }
        let w = AlignedFace.width
        var total = 0.0, count = 0
        for i in 0..<background.members.count where background.members[i] {
            let x = i % w
            guard x + 1 < w, i + w < background.members.count, background.members[i + 1], background.members[i + w] else { continue }
            func delta(_ j: Int) -> Double {
                let dl = Double(view.lightness.values[j] - view.lightness.values[i])
                let da = Double(view.a.values[j] - view.a.values[i]), db = Double(view.b.values[j] - view.b.values[i])
                return (dl * dl + da * da + db * db).squareRoot()
            }
            total += (delta(i + 1) + delta(i + w)) / 2
            count += 1
        }
        guard count > 0 else { return .unknown("too little background is visible around the head") }
        let texture = total / Double(count)
        let spread = [view.lightness, view.a, view.b].map { Statistics.deviation(background.values(of: $0)) }
        let colourSpread = (spread[0] * spread[0] + spread[1] * spread[1] + spread[2] * spread[2]).squareRoot()
        return .value(texture + colourSpread / 10, ["texture": texture, "colourSpread": colourSpread])
    }

    /// How much darker the background is just beside the person than further away, in L*,
    /// the worse side (ICAO 9303 Part 3: no shadows on the background; GA 461). A person
    /// standing close to a wall with a side light casts a band of shadow next to the head.
    static func shadow(_ view: AlignedFace) -> RawMeasurement {
        guard let background = view.background, let distance = view.personDistance else {
            return .unknown("the person could not be separated from the background")
        }
        // On a busy backdrop light and dark patches are the scene, not shadow.
        if let busy = uniformity(view).value, busy > busyBackdrop { return .unknown("the background is too busy to judge shadows on it") }
        let ed = Float(AlignedFace.eyeDistance), w = AlignedFace.width
        let centre = view.landmarks.faceCentre.x
        var worst: Double?
        var detail: [String: Double] = [:]
        for (side, isSide) in [("left", { (x: Int) in Double(x) < centre }), ("right", { (x: Int) in Double(x) >= centre })] {
            var near: [Float] = [], far: [Float] = []
            for i in 0..<background.members.count where background.members[i] && isSide(i % w) {
                let d = distance.values[i]
                if d < 0.6 * ed { near.append(view.lightness.values[i]) } else if d > 1.2 * ed { far.append(view.lightness.values[i]) }
            }
            guard near.count >= 100, far.count >= 100 else { continue }
            let darkening = Statistics.median(far) - Statistics.median(near)
            detail[side] = darkening
            worst = max(worst ?? -.infinity, darkening)
        }
        guard let worst else { return .unknown("too little background beside the head to compare") }
        return .value(max(0, worst), detail)
    }
}
