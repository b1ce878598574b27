/// Which pixels around the head belong to the person, at reduced resolution.
public struct PersonMask: Sendable {
    /// Row-major, 1 where the person is (connected to the face), 0 elsewhere.
    public let pixels: [UInt8]
    public let width: Int
    public let height: Int
    /// Maps source-image coordinates into mask coordinates.
    public let sourceToMask: AffineTransform
    /// The source rectangle the mask covers, and whether each side of it is the image edge.
    public let region: PixelRect
    public let touchesImageTop: Bool
    /// How the mask was made.
    public let source: Source

    public enum Source: String, Codable, Sendable {
        /// The person as background replacement cuts them out (head, hair, neck and
        /// shoulders): `PersonCutoutSegmenter`.
        case cutout
        /// GrabCut's hard cut of the head down to the chin, used when the backdrop is too
        /// busy to cut out: `PersonSegmenter`.
        case headMask = "head_mask"
    }

    /// The same mask for an image that `toImage` maps into the one this mask was made on
    /// (a reduced window of the master).
    func seen(from toImage: AffineTransform, touchingImageTop: Bool) -> PersonMask {
        let toMask = toImage.then(sourceToMask)
        let back = toMask.inverted()
        let low = back.apply(Point(x: 0, y: 0)), high = back.apply(Point(x: Double(width), y: Double(height)))
        let region = PixelRect(x: Int(low.x.rounded(.down)), y: Int(low.y.rounded(.down)),
                               width: Int((high.x - low.x).rounded(.up)), height: Int((high.y - low.y).rounded(.up)))
        return PersonMask(pixels: pixels, width: width, height: height, sourceToMask: toMask, region: region,
                          touchesImageTop: touchingImageTop, source: source)
    }

    public func isPerson(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height && pixels[y * width + x] == 1
    }
}
