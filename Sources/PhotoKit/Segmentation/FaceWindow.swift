/// A window of an image around a face, sized in face widths, and its copy reduced so the
/// face has the width the segmenters work at.
public enum FaceWindow {
    /// From `halfWidth` face widths either side of the face centre and `aboveEyes` above the
    /// eye line down to `belowChin` below the chin, clamped to `size`.
    public static func around(_ landmarks: FaceLandmarks, halfWidth: Double, aboveEyes: Double, belowChin: Double, in size: Size) -> PixelRect {
        let fw = landmarks.faceWidth, top = landmarks.eyeCentre.y - aboveEyes * fw
        return PixelRect(x: Int((landmarks.faceCentre.x - halfWidth * fw).rounded(.down)), y: Int(top.rounded(.down)),
                         width: Int((2 * halfWidth * fw).rounded()),
                         height: Int((landmarks.chin.y + belowChin * fw - top).rounded())).clamped(to: size)
    }

    /// `region` of `image` reduced by `scale` (area averaging, at least 16 px a side), and
    /// the map from the image's coordinates into the reduced copy's.
    static func reduce(_ image: Image, region: PixelRect, scale: Double) throws -> (image: Image, transform: AffineTransform) {
        let w = max(16, Int((Double(region.width) * scale).rounded())), h = max(16, Int((Double(region.height) * scale).rounded()))
        let reduced = try image.resized(region, width: w, height: h, interpolation: .area)
        let kx = Double(w) / Double(region.width), ky = Double(h) / Double(region.height)
        return (reduced, AffineTransform(a: kx, b: 0, c: -Double(region.x) * kx, d: 0, e: ky, f: -Double(region.y) * ky))
    }
}
