/// Reductions of a large image start from its halvings: OpenCV averages 2×2 blocks several
/// times faster than an arbitrary ratio (on a 12 MP master: 8 ms for the half, against
/// 27–50 ms for one reduction by 3.1 or 5 straight from the master), and the halvings are
/// made once per image and shared by every reduction that follows (detection's copy, the
/// person mask's window, the quality view, the crops).
extension Image {
    /// This image halved by area averaging: each pixel the mean of a 2×2 block, an odd last
    /// row or column left out. Made on first use and kept; nil below 2 × 2 pixels.
    func halved() throws -> Image? {
        guard width >= 2, height >= 2 else { return nil }
        return try halvedCopy.withLock { kept in
            if let kept { return kept }
            let w = width / 2, h = height / 2
            let made = try resized(PixelRect(x: 0, y: 0, width: 2 * w, height: 2 * h), width: w, height: h, interpolation: .area)
            kept = made
            return made
        }
    }

    /// The image halved `times` times (itself for 0). Its pixel (i, j) is the mean of this
    /// image's 2^times-square block at (i·2^times, j·2^times), so its pixel centres lie at
    /// (i + 0.5)·2^times − 0.5 in this image's pixel coordinates.
    func halving(_ times: Int) throws -> Image {
        var level = self
        for _ in 0..<times {
            guard let next = try level.halved() else { break }
            level = next
        }
        return level
    }

    /// How many halvings keep the scale at or above `scale` (a reduction to `scale` can
    /// start from that halving without losing detail).
    static func halvings(keeping scale: Double) -> Int {
        guard scale > 0, scale < 0.5 else { return 0 }
        var times = 0
        while 1 / Double(1 << (times + 1)) >= scale, times < 16 { times += 1 }
        return times
    }

    /// Rectangles up to this many pixels are reduced straight from the image: exact, and
    /// quick enough (about 7 ns a pixel on one core), and their results do not move. The
    /// person mask's GrabCut answers a change of one grey level in a few pixels with a
    /// different crown on busy backdrops, so the shared portraits' windows (all under this)
    /// keep the pixels they were evaluated with.
    static let directReductionLimit = 4_000_000

    /// `rect` of this image reduced by area averaging to `scale` (at least `minimumSide`
    /// pixels a side), read from the smallest halving that still has as many pixels as the
    /// copy. The copy covers `region`: `rect` clamped to the image and widened to whole
    /// pixels of that halving, by less than one of them (2^k − 1 pixels of this image) on
    /// each side; callers map coordinates through `region`, not `rect`. Without halving
    /// (a scale of 1/2 or more, or a rectangle within `directReductionLimit`) `region` is
    /// `rect` clamped, and the copy is the one `resized(_:width:height:)` makes.
    func reduced(covering rect: PixelRect, scale: Double, minimumSide: Int = 1,
                 directLimit: Int = directReductionLimit) throws -> (image: Image, region: PixelRect) {
        let clamped = rect.clamped(to: size)
        func outputSize(_ region: PixelRect) -> (Int, Int) {
            (max(minimumSide, Int((Double(region.width) * scale).rounded())), max(minimumSide, Int((Double(region.height) * scale).rounded())))
        }
        // `rect` in the k-th halving's pixels, widened to whole pixels and clamped to it (for
        // k = 0, `rect` clamped).
        func levelRect(_ k: Int) -> PixelRect {
            let f = 1 << k, levelWidth = width >> k, levelHeight = height >> k
            let x0 = clamped.x / f, y0 = clamped.y / f
            let x1 = min(levelWidth, (clamped.maxX + f - 1) / f), y1 = min(levelHeight, (clamped.maxY + f - 1) / f)
            return PixelRect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
        }
        func covered(_ k: Int) -> PixelRect {
            let r = levelRect(k), f = 1 << k
            return PixelRect(x: r.x * f, y: r.y * f, width: r.width * f, height: r.height * f)
        }
        var k = 0
        while clamped.width * clamped.height > directLimit, k < Self.halvings(keeping: scale) {
            let next = levelRect(k + 1), (w, h) = outputSize(covered(k + 1))
            guard next.width >= w, next.height >= h else { break }
            k += 1
        }
        let region = covered(k)
        let (w, h) = outputSize(region)
        return (try halving(k).resized(levelRect(k), width: w, height: h, interpolation: .area), region)
    }

    /// The map from a copy of `size` made by area averaging of `region` (cv::resize, which
    /// maps pixel centres: p_copy = (p + 0.5)·k − 0.5) back into the image's pixel coordinates.
    static func centres(ofCopy size: Size, covering region: PixelRect) -> AffineTransform {
        let kx = Double(size.width) / Double(region.width), ky = Double(size.height) / Double(region.height)
        return AffineTransform(a: 1 / kx, b: 0, c: Double(region.x) + 0.5 / kx - 0.5, d: 0, e: 1 / ky, f: Double(region.y) + 0.5 / ky - 0.5)
    }

    /// `rect` scaled by `scale` either way: reductions as `reduced(covering:scale:)`,
    /// enlargements bilinear (whole pixels, rounded down), covering `rect` clamped.
    func scaled(covering rect: PixelRect, scale: Double) throws -> (image: Image, region: PixelRect) {
        if scale < 1 { return try reduced(covering: rect, scale: scale) }
        let region = rect.clamped(to: size)
        return (try resized(region, width: max(1, Int(Double(region.width) * scale)), height: max(1, Int(Double(region.height) * scale)),
                            interpolation: .linear), region)
    }
}
