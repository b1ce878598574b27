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

    public func isPerson(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height && pixels[y * width + x] == 1
    }
}
