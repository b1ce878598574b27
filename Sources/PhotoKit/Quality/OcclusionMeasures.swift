/// Measures of what covers the face or head.
enum OcclusionMeasures {
    /// Colour of the face's own bare skin (cheek medians of a*, b*, L*), the reference the
    /// occlusion measures compare against.
    struct SkinReference {
        var lightness: Double, a: Double, b: Double

        init?(_ view: AlignedFace) {
            let cheeks = view.cheeks
            guard cheeks.count >= 30 else { return nil }
            lightness = Statistics.median(cheeks.values(of: view.lightness))
            a = Statistics.median(cheeks.values(of: view.a))
            b = Statistics.median(cheeks.values(of: view.b))
        }

        /// Chroma distance (a*, b*) of pixel `i` from the skin: shading changes L*, not hue.
        func chromaDistance(_ view: AlignedFace, _ i: Int) -> Double {
            let da = Double(view.a.values[i]) - a, db = Double(view.b.values[i]) - b
            return (da * da + db * db).squareRoot()
        }

        /// Lab distance of pixel `i` from the skin, chroma weighted double (shading changes
        /// L*, not hue).
        func distance(_ view: AlignedFace, _ i: Int) -> Double {
            let dl = Double(view.lightness.values[i]) - lightness
            let da = Double(view.a.values[i]) - a, db = Double(view.b.values[i]) - b
            return (0.25 * dl * dl + da * da + db * db).squareRoot()
        }
    }

    /// Share of the face's skin area (eyes, brows, nostrils and lips left out, which are
    /// smooth and not skin-coloured by nature) covered by something flat and of another
    /// colour (ISO/IEC 29794-5 face occlusion; GA 461: face not covered). Skin, beards and
    /// shadows have texture or skin's hue; a mask, a card or a patch is smooth and foreign.
    static func faceOcclusion(_ view: AlignedFace) -> RawMeasurement {
        guard let skin = SkinReference(view) else { return .unknown("no bare cheek skin to compare with") }
        let region = view.skin
        guard region.count > 500 else { return .unknown("the face lies mostly outside the image") }
        let flatness = view.lightness.localDeviation(radius: 2)
        var covered = 0
        for i in 0..<region.members.count where region.members[i] {
            if flatness.values[i] < 0.8 && skin.chromaDistance(view, i) > 12 { covered += 1 }
        }
        return .value(Double(covered) / Double(region.count))
    }

    /// Share of the forehead band above the brows that shows the face's skin (ISO/IEC
    /// 29794-5 head covering is a segmentation model; this is a cheaper proxy; GA 461:
    /// bare-headed). A hat or a headscarf over the forehead brings it near 0; so do thick
    /// bangs, which is why it only fails when almost no forehead is visible.
    static func headCovering(_ view: AlignedFace) -> RawMeasurement {
        guard let skin = SkinReference(view) else { return .unknown("no bare cheek skin to compare with") }
        let l = view.landmarks, ed = AlignedFace.eyeDistance
        let browLine = l.brows.map(\.y).reduce(0, +) / 10
        let band = Region.rectangle(x0: l.points[19].x, y0: browLine - 0.6 * ed, x1: l.points[24].x, y1: browLine - 0.15 * ed,
                                    width: AlignedFace.width, height: AlignedFace.height).intersecting(view.valid)
        guard band.count > 50 else { return .unknown("the forehead lies outside the image") }
        var bare = 0
        for i in 0..<band.members.count where band.members[i] && skin.distance(view, i) < 14 { bare += 1 }
        return .value(Double(bare) / Double(band.count))
    }
}
