import Foundation

/// Resamples the master into a spec's frame. Large reductions first shrink the needed
/// region with area averaging (no aliasing), then a Lanczos warp does the rest, so only
/// the pixels that reach the output are touched.
public enum CropRenderer {
    /// The warp handles reductions down to this factor itself; beyond, area averaging first.
    static let largestWarpReduction = 0.8

    /// Share of the output's area that lies outside the master and is filled (sampled on a
    /// 4-pixel grid).
    public static func outsideFraction(of plan: CropPlan, size: Size, source: Size) -> Double {
        let inverse = plan.transform.inverted()
        var outside = 0, total = 0
        for y in stride(from: 2, to: size.height, by: 4) {
            for x in stride(from: 2, to: size.width, by: 4) {
                let p = inverse.apply(Point(x: Double(x), y: Double(y)))
                if p.x < 0 || p.y < 0 || p.x >= Double(source.width) || p.y >= Double(source.height) { outside += 1 }
                total += 1
            }
        }
        return Double(outside) / Double(max(total, 1))
    }

    /// Which of the output's pixels come from the master (true) rather than the fill,
    /// row-major: matting treats the fill as known backdrop.
    public static func coverage(of plan: CropPlan, size: Size, source: Size) -> [Bool] {
        let inverse = plan.transform.inverted()
        var covered = [Bool](repeating: false, count: size.width * size.height)
        for y in 0..<size.height {
            for x in 0..<size.width {
                let p = inverse.apply(Point(x: Double(x), y: Double(y)))
                covered[y * size.width + x] = p.x >= 0 && p.y >= 0 && p.x <= Double(source.width - 1) && p.y <= Double(source.height - 1)
            }
        }
        return covered
    }

    /// The frame's four corners in the master's coordinates.
    static func cornersInMaster(of plan: CropPlan, size: Size) -> [Point] {
        let inverse = plan.transform.inverted()
        return [Point(x: 0, y: 0), Point(x: Double(size.width), y: 0),
                Point(x: 0, y: Double(size.height)), Point(x: Double(size.width), y: Double(size.height))].map(inverse.apply)
    }

    /// The frame with what lies beyond the master filled as `fill` says.
    public static func render(_ image: Image, plan: CropPlan, size: Size, fill: OutsideFill) throws -> Image {
        guard !fill.mirrored.isEmpty else { return try render(image, plan: plan, size: size, border: .colour(fill.colour.bgr)) }
        let mirrored = try render(image, plan: plan, size: size, border: .mirrored)
        let reached = OutsideFill.reachPastEdges(of: plan, size: size, source: image.size).filter { $0.value > 0 }.keys
        if reached.allSatisfy(fill.mirrored.contains) { return mirrored }
        let plain = try render(image, plan: plan, size: size, border: .colour(fill.colour.bgr))
        let colour = OutsideFill.colourPixels(fill, plan: plan, size: size, source: image.size)
        // `mirrored` is fresh and held by nobody else yet.
        plain.withPixels { from, fromStride in
            mirrored.withPixels { to, toStride in
                for y in 0..<size.height {
                    for x in 0..<size.width where colour[y * size.width + x] {
                        for c in 0..<3 { to[y * toStride + 3 * x + c] = from[y * fromStride + 3 * x + c] }
                    }
                }
            }
        }
        return mirrored
    }

    private static func render(_ image: Image, plan: CropPlan, size: Size, border: Image.WarpBorder) throws -> Image {
        let corners = cornersInMaster(of: plan, size: size)
        let margin = 4 / min(plan.scale, 1)
        let wanted = PixelRect(x: Int(floor(corners.map(\.x).min()! - margin)), y: Int(floor(corners.map(\.y).min()! - margin)),
                               width: 0, height: 0)
        let region = PixelRect(x: wanted.x, y: wanted.y,
                               width: Int(ceil(corners.map(\.x).max()! + margin)) - wanted.x,
                               height: Int(ceil(corners.map(\.y).max()! + margin)) - wanted.y).clamped(to: image.size)
        guard region.width > 0, region.height > 0 else {
            // The frame lies wholly outside the master: only background.
            return try image.warped(plan.transform, to: size, border: border)
        }
        let source: Image
        let toSource: AffineTransform
        if plan.scale < largestWarpReduction {
            // Reduced from the master's halvings, without copying the region first; the
            // copy covers `covered` (the region widened to the halving's whole pixels).
            let (small, covered) = try image.reduced(covering: region, scale: plan.scale / largestWarpReduction)
            source = small
            toSource = Image.centres(ofCopy: small.size, covering: covered)
        } else {
            source = try image.cropped(to: region)
            // Region coordinates: p' = p - origin.
            toSource = AffineTransform(a: 1, b: 0, c: Double(region.x), d: 0, e: 1, f: Double(region.y))
        }
        return try source.warped(toSource.then(plan.transform), to: size, interpolation: .lanczos, border: border)
    }
}
