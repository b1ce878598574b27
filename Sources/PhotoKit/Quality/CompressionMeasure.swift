/// JPEG blocking (ISO/IEC 29794-5 compression artefacts; ICAO 9303 Part 3: no visible
/// compression artefacts). On the face at native resolution: the mean luma step across
/// 8-pixel block boundaries over the mean step inside blocks, both directions. Content
/// does not care where the grid is, so a clean image reads about 1; heavy compression
/// makes blocks flat inside with steps between them (1.5 and far above).
enum CompressionMeasure {
    static func measure(_ crop: NativeFaceCrop?) -> RawMeasurement {
        guard let crop else { return .unknown("the face is smaller than 64 px in the master") }
        let p = crop.luma, w = p.width, h = p.height
        var across = 0.0, inside = 0.0, acrossCount = 0, insideCount = 0
        for y in 0..<h {
            for x in 0..<(w - 1) {
                let step = Double(abs(p.values[y * w + x + 1] - p.values[y * w + x]))
                if x % 8 == 7 { across += step; acrossCount += 1 } else { inside += step; insideCount += 1 }
            }
        }
        for y in 0..<(h - 1) {
            for x in 0..<w {
                let step = Double(abs(p.values[(y + 1) * w + x] - p.values[y * w + x]))
                if y % 8 == 7 { across += step; acrossCount += 1 } else { inside += step; insideCount += 1 }
            }
        }
        let meanInside = inside / Double(insideCount)
        guard meanInside > 0.05 else { return .unknown("the face has no visible detail") }
        return .value((across / Double(acrossCount)) / meanInside)
    }
}
