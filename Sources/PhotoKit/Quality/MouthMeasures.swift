/// Measures of the mouth and expression.
enum MouthMeasures {
    /// Gap between the inner lips over the mouth's width (ISO/IEC 29794-5 mouth closed;
    /// GA 461: mouth closed). A closed mouth is near 0; parted lips or a smile showing teeth
    /// open it.
    static func mouthClosed(_ l: FaceLandmarks) -> RawMeasurement {
        let p = l.points
        let width = p[48].distance(to: p[54])
        guard width > 0 else { return .unknown("no mouth found") }
        let gap = (p[61].distance(to: p[67]) + p[62].distance(to: p[66]) + p[63].distance(to: p[65])) / 3
        return .value(gap / width)
    }

    /// A smile index (ISO/IEC 29794-5 expression neutrality; GA 461: natural expression,
    /// not smiling): how far the mouth corners rise above the line between the lips'
    /// middles, plus how much wider the mouth is than a neutral one, both in eye distances.
    /// Neutral faces sit near 0, smiles above 0.15.
    static func expressionNeutral(_ l: FaceLandmarks) -> RawMeasurement {
        let p = l.points, ed = l.eyeDistance
        let level = l.levelled.points
        let lipsMiddle = (level[51].y + level[57].y + level[62].y + level[66].y) / 4
        let corners = (level[48].y + level[54].y) / 2
        let lift = (lipsMiddle - corners) / ed
        let width = p[48].distance(to: p[54]) / ed
        return .value(lift + max(0, width - neutralMouthWidth), ["cornerLift": lift, "mouthWidth": width])
    }

    /// Mouth corner to corner in eye distances on neutral faces.
    static let neutralMouthWidth = 0.85
}
