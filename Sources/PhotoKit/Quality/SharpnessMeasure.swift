/// Focus and motion blur (ISO/IEC 29794-5 sharpness; ICAO 9303 Part 3: in focus, no
/// motion blur). On the aligned face: the energy of one-pixel luma differences over the
/// energy of differences of a 5×5-smoothed copy, per direction; the smaller direction is
/// the value, so blur along one axis (motion) counts as much as blur in all (focus). A
/// ratio, so skin tone and contrast cancel out; sharp faces score about 1.5–4, a face
/// blurred by a twentieth of its eye distance about 1.
enum SharpnessMeasure {
    static func measure(_ view: AlignedFace) -> RawMeasurement {
        let region = view.face
        guard region.count >= 500 else { return .unknown("the face lies mostly outside the image") }
        let g = view.gray, smooth = g.boxMean(radius: 2), w = g.width, h = g.height
        var fineX = 0.0, fineY = 0.0, coarseX = 0.0, coarseY = 0.0
        for y in 2..<(h - 2) {
            for x in 2..<(w - 2) where region.members[y * w + x] {
                let i = y * w + x
                let fx = Double(g.values[i + 1] - g.values[i]), fy = Double(g.values[i + w] - g.values[i])
                let cx = Double(smooth.values[i + 2] - smooth.values[i - 2]) / 4
                let cy = Double(smooth.values[i + 2 * w] - smooth.values[i - 2 * w]) / 4
                fineX += fx * fx
                fineY += fy * fy
                coarseX += cx * cx
                coarseY += cy * cy
            }
        }
        guard coarseX > 0, coarseY > 0 else { return .unknown("the face has no visible detail") }
        let rx = fineX / coarseX, ry = fineY / coarseY
        return .value(min(rx, ry), ["horizontal": rx, "vertical": ry])
    }
}
