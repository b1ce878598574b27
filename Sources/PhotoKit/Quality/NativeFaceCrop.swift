/// The face at the master's own resolution, in luma, cut on the 8-pixel grid so JPEG
/// blocks and screen pixels keep their true positions. Compression and recapture look for
/// periodic patterns that any resampling would blur.
struct NativeFaceCrop {
    let luma: Plane

    /// Largest side kept (centred), which bounds the work on big masters.
    static let maxSide = 512

    init?(master: Image, landmarks l: FaceLandmarks) throws {
        let xs = l.jaw.map(\.x), top = l.brows.map(\.y).min()!, bottom = l.chin.y
        var x0 = Int(xs.min()!), x1 = Int(xs.max()!), y0 = Int(top), y1 = Int(bottom)
        if x1 - x0 > Self.maxSide { let c = (x0 + x1) / 2; (x0, x1) = (c - Self.maxSide / 2, c + Self.maxSide / 2) }
        if y1 - y0 > Self.maxSide { let c = (y0 + y1) / 2; (y0, y1) = (c - Self.maxSide / 2, c + Self.maxSide / 2) }
        x0 = max(0, (x0 + 7) / 8 * 8)
        y0 = max(0, (y0 + 7) / 8 * 8)
        x1 = min(master.width, x1)
        y1 = min(master.height, y1)
        let w = (x1 - x0) / 8 * 8, h = (y1 - y0) / 8 * 8
        guard w >= 64, h >= 64 else { return nil }
        let crop = try master.cropped(to: PixelRect(x: x0, y: y0, width: w, height: h))
        luma = Plane.channels(of: try crop.converted(.bgrToGray))[0]
    }
}
