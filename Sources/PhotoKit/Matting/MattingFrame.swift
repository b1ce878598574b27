import Foundation

/// One frame of the master that holds several specs' photos at the largest of their
/// scales. Specs with the same background colour and the same levelling rotation (the
/// capture set's four certificate photos, all white) have their background replaced once,
/// in this frame, and are then resampled from it, instead of cutting out and matting each
/// crop: the cut-out and the matte are solved at a fixed face width whatever the crop, so
/// each crop repeated the same work on the same face.
///
/// The frame is the largest-scale spec's own frame widened (by whole pixels) to cover the
/// others: that spec's photo is an exact sub-rectangle of it, the others are reductions.
struct MattingFrame {
    /// Master → frame.
    let plan: CropPlan
    let size: Size
    /// Pixels of the frame beyond the specs' photos, for the resampling filters' reach.
    static let margin = 8.0

    /// Nil when `plans` do not share one rotation (a spec that does not level the eyes).
    init?(covering members: [(plan: CropPlan, size: Size)]) {
        guard let largest = members.max(by: { $0.plan.scale < $1.plan.scale }),
              members.allSatisfy({ abs($0.plan.rotationDegrees - largest.plan.rotationDegrees) < 1e-9 }) else { return nil }
        // Every photo's corners in the largest spec's frame.
        var low = Point(x: 0, y: 0), high = Point(x: Double(largest.size.width), y: Double(largest.size.height))
        for member in members {
            let toBase = member.plan.transform.inverted().then(largest.plan.transform)
            let w = Double(member.size.width), h = Double(member.size.height)
            for corner in [Point(x: 0, y: 0), Point(x: w, y: 0), Point(x: 0, y: h), Point(x: w, y: h)].map(toBase.apply) {
                low = Point(x: min(low.x, corner.x), y: min(low.y, corner.y))
                high = Point(x: max(high.x, corner.x), y: max(high.y, corner.y))
            }
        }
        let shiftX = (Self.margin - low.x).rounded(.up), shiftY = (Self.margin - low.y).rounded(.up)
        let shift = AffineTransform(a: 1, b: 0, c: shiftX, d: 0, e: 1, f: shiftY)
        plan = CropPlan(transform: largest.plan.transform.then(shift), scale: largest.plan.scale,
                        rotationDegrees: largest.plan.rotationDegrees, yielded: [])
        size = Size(width: Int((high.x + shiftX + Self.margin).rounded(.up)), height: Int((high.y + shiftY + Self.margin).rounded(.up)))
    }

    /// Cuts a spec's photo from the frame's finished image (`image`, the frame with its
    /// background replaced): a plain crop when the spec is at the frame's scale, else a
    /// reduction as `CropRenderer` makes from the master.
    func photo(_ plan: CropPlan, size photoSize: Size, from image: Image, background: RGBColor) throws -> Image {
        let toPhoto = self.plan.transform.inverted().then(plan.transform)
        let x = -toPhoto.c, y = -toPhoto.f
        if abs(toPhoto.a - 1) < 1e-9, abs(toPhoto.e - 1) < 1e-9, abs(toPhoto.b) < 1e-9, abs(toPhoto.d) < 1e-9,
           abs(x - x.rounded()) < 1e-6, abs(y - y.rounded()) < 1e-6 {
            return try image.cropped(to: PixelRect(x: Int(x.rounded()), y: Int(y.rounded()), width: photoSize.width, height: photoSize.height))
        }
        return try CropRenderer.render(image, plan: CropPlan(transform: toPhoto, scale: plan.scale / self.plan.scale, rotationDegrees: 0, yielded: []),
                                       size: photoSize, fill: OutsideFill(colour: background))
    }
}
