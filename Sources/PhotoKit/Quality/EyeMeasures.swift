/// Measures of the eyes: open, visible, free of glare and red eye.
enum EyeMeasures {
    /// Eye aspect ratio (Soukupová & Čech 2016): lid-to-lid height over corner-to-corner
    /// width, the mean of both eyes (ISO/IEC 29794-5 eyes open; GA 461: eyes open). About
    /// 0.25–0.35 open, below 0.1 closed.
    static func eyesOpen(_ l: FaceLandmarks) -> RawMeasurement {
        func ratio(_ e: ArraySlice<Point>) -> Double {
            let p = Array(e)
            return (p[1].distance(to: p[5]) + p[2].distance(to: p[4])) / (2 * p[0].distance(to: p[3]))
        }
        let left = ratio(l.leftEye), right = ratio(l.rightEye)
        return .value((left + right) / 2, ["left": left, "right": right])
    }

    /// Contrast inside each eye's box: the standard deviation of L* around the eye opening,
    /// the smaller of the two eyes (ISO/IEC 29794-5 eyes visible; GA 461: eyes not covered by
    /// hair, no tinted lenses). An open eye shows sclera, iris and lashes (about 10–25); a
    /// dark lens, a hand or a patch shows a flat area.
    ///
    /// An eye also has to show its dark part: the darkest tenth of the opening (pupil, iris,
    /// lash line) lies 63–97 % below the cheeks' L* in the clean labelled portraits, whatever
    /// the skin tone or exposure (blur and over-exposure bring it to 49), and at 34 % where
    /// the landmarks put an eye on the skin above a patch. That share, divided by
    /// `darknessPerContrast` so that it meets the catalog's bands (8 ↔ 60 %, 5 ↔ 37.5 %),
    /// caps the eye's contrast.
    static let darknessPerContrast = 7.5

    static func eyesVisible(_ view: AlignedFace) -> RawMeasurement {
        let ed = AlignedFace.eyeDistance
        let cheeks = view.cheeks
        let skinLightness = cheeks.count >= 30 ? Statistics.median(cheeks.values(of: view.lightness)) : nil
        var values: [Double] = [], detail: [String: Double] = [:]
        for (side, eye) in [("left", view.landmarks.leftEye), ("right", view.landmarks.rightEye)] {
            let xs = eye.map(\.x), ys = eye.map(\.y)
            let box = Region.rectangle(x0: xs.min()! - 0.05 * ed, y0: ys.min()! - 0.08 * ed, x1: xs.max()! + 0.05 * ed,
                                       y1: ys.max()! + 0.08 * ed, width: AlignedFace.width, height: AlignedFace.height)
                .intersecting(view.valid)
            guard box.count >= 20 else { return .unknown("an eye lies outside the image") }
            let contrast = Statistics.deviation(box.values(of: view.lightness))
            detail[side] = contrast
            var value = contrast
            // A closed or nearly closed eye has too small an opening to judge (eyes_open says so).
            let opening = view.eyeOpening(eye)
            if let skinLightness, skinLightness > 5, opening.count >= 8 {
                let darkest = Statistics.quantile(opening.values(of: view.lightness), 0.1)
                let darkness = 100 * (skinLightness - darkest) / skinLightness
                detail["\(side)Darkness"] = darkness
                value = min(value, max(0, darkness) / darknessPerContrast)
            }
            values.append(value)
        }
        return .value(values.min()!, detail)
    }

    /// Share of the spectacle-lens area (around each eye and inside the face outline, eye
    /// openings excluded so catch lights do not count) that is specular: clipped and colourless (police rule: no
    /// reflections on glasses; OFIQ has no such component). Without glasses it stays near 0.
    static func glassesGlare(_ view: AlignedFace) -> RawMeasurement {
        let ed = AlignedFace.eyeDistance, l = view.landmarks
        var lenses = Region(width: AlignedFace.width, height: AlignedFace.height,
                            members: [Bool](repeating: false, count: AlignedFace.width * AlignedFace.height))
        for eye in [l.leftEye, l.rightEye] {
            let c = FaceLandmarks.centroid(eye)
            lenses = lenses.union(.rectangle(x0: c.x - 0.45 * ed, y0: c.y - 0.3 * ed, x1: c.x + 0.45 * ed, y1: c.y + 0.35 * ed,
                                             width: AlignedFace.width, height: AlignedFace.height))
        }
        lenses = lenses.intersecting(view.face).subtracting(view.eyeOpening(l.leftEye)).subtracting(view.eyeOpening(l.rightEye))
        guard lenses.count > 100 else { return .unknown("the eyes lie outside the image") }
        // When the skin itself is burnt out, a reflection cannot be told from it.
        let skinTop = view.skin.values(of: view.brightest)
        if !skinTop.isEmpty, Double(skinTop.filter { $0 >= 250 }.count) / Double(skinTop.count) > 0.15 {
            return .unknown("the face is over-exposed, so reflections cannot be told apart")
        }
        // A reflection is brighter than almost all of the face's own skin, clipped and colourless.
        let skinHighlight = Float(Statistics.quantile(view.skin.values(of: view.lightness), 0.98))
        var specular = 0
        for i in 0..<lenses.members.count where lenses.members[i] {
            let top = view.brightest.values[i]
            let bottom = min(view.red.values[i], view.green.values[i], view.blue.values[i])
            if top >= 245 && (top - bottom) <= 0.12 * top && view.lightness.values[i] > skinHighlight { specular += 1 }
        }
        return .value(Double(specular) / Double(lenses.count))
    }

    /// Share of the eye openings whose colour is strongly red (police rule: no red eye; not
    /// in OFIQ). Irises of every colour and the sclera stay far from this.
    static func redEye(_ view: AlignedFace, eyesOpen: Double?) -> RawMeasurement {
        if let eyesOpen, eyesOpen < 0.12 { return .unknown("the eyes are closed") }
        let openings = view.eyeOpening(view.landmarks.leftEye).union(view.eyeOpening(view.landmarks.rightEye))
        guard openings.count >= 20 else { return .unknown("the eye openings are too small to see") }
        var red = 0
        for i in 0..<openings.members.count where openings.members[i] {
            let r = view.red.values[i], other = max(view.green.values[i], view.blue.values[i])
            if r > 90 && r > 1.8 * other { red += 1 }
        }
        return .value(Double(red) / Double(openings.count))
    }
}
