import Foundation

/// Measures of light on the face.
enum LightingMeasures {
    /// Skin between the brows and the nose tip: shadows that matter fall here, and beards
    /// (dark but not shadow) do not.
    private static func upperSkin(_ view: AlignedFace) -> Region {
        let top = view.landmarks.brows.map(\.y).min()! - 0.4 * AlignedFace.eyeDistance
        let bottom = view.landmarks.noseTip.y
        return view.skin.intersecting(.rectangle(x0: 0, y0: top, x1: Double(AlignedFace.width), y1: bottom,
                                                 width: AlignedFace.width, height: AlignedFace.height))
    }

    /// Share of the upper face's skin, smoothed, at least 28 L* darker than its median: hard shadows
    /// of a hat brim, glasses, hair or a side light (ICAO 9303 Part 3: no shadows on the
    /// face; GA 461: even lighting).
    static func faceShadow(_ view: AlignedFace) -> RawMeasurement {
        let skin = upperSkin(view)
        guard skin.count >= 300 else { return .unknown("too little bare skin is visible") }
        // Smoothed over a tenth of the eye distance, so small dark features (spectacle
        // frames, stubble, nostrils, lashes) fade and only shadow-sized areas stay dark.
        let values = skin.values(of: view.lightness.boxMean(radius: 6))
        let median = Float(Statistics.median(values))
        return .value(Double(values.filter { $0 < median - 28 }.count) / Double(values.count))
    }

    /// Difference in median L* between the two cheeks (ISO/IEC 29794-5 illumination
    /// uniformity compares the face halves' histograms; ICAO: no side lighting). The cheeks
    /// under the eyes are bare skin on most faces, beards and spectacles included.
    static func illuminationUniformity(_ view: AlignedFace) -> RawMeasurement {
        let cheeks = view.cheeks
        let axis = view.landmarks.points[27...30].map(\.x).reduce(0, +) / 4
        let left = cheeks.intersecting(.rectangle(x0: 0, y0: 0, x1: axis, y1: Double(AlignedFace.height),
                                                  width: AlignedFace.width, height: AlignedFace.height))
        let right = cheeks.subtracting(left)
        guard left.count >= 50, right.count >= 50 else { return .unknown("one side of the face is not visible") }
        let a = Statistics.median(left.values(of: view.lightness)), b = Statistics.median(right.values(of: view.lightness))
        return .value(abs(a - b), ["left": a, "right": b])
    }

    /// Exposure error (ISO/IEC 29794-5 under- and over-exposure prevention; ICAO: correct
    /// exposure). Negative: stops under (in linear light), from the brightest 2 % of the
    /// frame against a well-exposed frame's 225 (a white wall, a shirt or a catch light is
    /// that bright in any correctly exposed photo, whatever the skin tone). Positive: the share of bare
    /// skin that is clipped, ×4, so a quarter of the face burnt out reads as 1 stop over.
    static func exposure(_ view: AlignedFace) -> RawMeasurement {
        let highlights = Statistics.quantile(view.valid.values(of: view.gray), 0.98)
        guard view.skin.count >= 300 else { return .unknown("too little bare skin is visible") }
        let brightest = view.skin.values(of: view.brightest)
        let clipped = Double(brightest.filter { $0 >= 250 }.count) / Double(brightest.count)
        func linear(_ v: Double) -> Double { pow(max(v, 1) / 255, 2.2) }
        let under = min(0, log2(linear(highlights) / linear(225)))
        let over = 4 * clipped
        return .value(under < 0 ? under : over, ["highlights": highlights, "clippedSkin": clipped])
    }

    /// Entropy in bits of the face's luma histogram (ISO/IEC 29794-5 dynamic range): a
    /// well-lit face uses most tones (6–7.5 bits); a flat, foggy or crushed one few.
    static func dynamicRange(_ view: AlignedFace) -> RawMeasurement {
        let values = view.face.values(of: view.gray)
        guard values.count >= 500 else { return .unknown("the face lies mostly outside the image") }
        var histogram = [Int](repeating: 0, count: 256)
        for v in values { histogram[Int(v)] += 1 }
        let n = Double(values.count)
        let entropy = histogram.reduce(0.0) { sum, c in c == 0 ? sum : sum - Double(c) / n * log2(Double(c) / n) }
        return .value(entropy)
    }
}
