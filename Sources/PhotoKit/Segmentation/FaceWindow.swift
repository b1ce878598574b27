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

    /// `region` of `image` reduced by `scale` (area averaging, from the image's halvings, at
    /// least `minimumSide` px a side), the map from the image's coordinates into the reduced copy's, and
    /// the region the copy covers (`region` widened to the halving's whole pixels).
    static func reduce(_ image: Image, region: PixelRect, scale: Double, minimumSide: Int = 16) throws -> (image: Image, transform: AffineTransform, region: PixelRect) {
        let (reduced, covered) = try image.reduced(covering: region, scale: scale, minimumSide: minimumSide)
        let kx = Double(reduced.width) / Double(covered.width), ky = Double(reduced.height) / Double(covered.height)
        return (reduced, AffineTransform(a: kx, b: 0, c: -Double(covered.x) * kx, d: 0, e: ky, f: -Double(covered.y) * ky), covered)
    }
}
