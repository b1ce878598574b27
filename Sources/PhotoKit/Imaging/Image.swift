import CVision
import Synchronization

/// An image in memory (an OpenCV matrix behind an opaque handle), BGR channel order.
///
/// Images are immutable once built: every operation returns a new image, so an `Image`
/// can be shared between tasks.
public final class Image: @unchecked Sendable {
    let handle: OpaquePointer
    public let width: Int
    public let height: Int
    public let channels: Int
    public let depth: Depth
    /// This image halved, made on first use and kept (`Image+Halvings`).
    let halvedCopy = Mutex<Image?>(nil)

    public enum Depth: Int32, Sendable {
        case uint8 = 0, uint16 = 2, float32 = 5
    }

    init(taking handle: OpaquePointer) {
        self.handle = handle
        var w: Int32 = 0, h: Int32 = 0, c: Int32 = 0, d: Int32 = 0
        cvision_image_info(handle, &w, &h, &c, &d)
        width = Int(w)
        height = Int(h)
        channels = Int(c)
        depth = Depth(rawValue: d) ?? .uint8
    }

    deinit { cvision_image_free(handle) }

    /// Calls a CVision function that produces a new image.
    static func make(_ operation: String, _ body: (UnsafeMutablePointer<OpaquePointer?>) -> cvision_status) throws -> Image {
        var out: OpaquePointer?
        try vision(operation, body(&out))
        guard let out else { throw VisionError(status: CVISION_ERR_UNKNOWN, operation: operation) }
        return Image(taking: out)
    }

    /// A zero-filled image.
    public static func blank(width: Int, height: Int, channels: Int, depth: Depth = .uint8) throws -> Image {
        try make("create image") { cvision_image_create(Int32(width), Int32(height), Int32(channels), depth.rawValue, $0) }
    }

    public var size: Size { Size(width: width, height: height) }

    /// Gives the pixel rows (first byte, row stride in bytes). Mutating them is only
    /// allowed while building a fresh image that nobody else holds yet.
    public func withPixels<R>(_ body: (UnsafeMutablePointer<UInt8>, Int) throws -> R) rethrows -> R {
        var stride = 0
        let data = cvision_image_data(handle, &stride)!
        return try withExtendedLifetime(self) { try body(data, stride) }
    }

    public func cropped(to rect: PixelRect) throws -> Image {
        try Image.make("crop") { cvision_image_crop(handle, Int32(rect.x), Int32(rect.y), Int32(rect.width), Int32(rect.height), $0) }
    }

    /// The pixels where `mask` (8-bit, one channel, same size) is non-zero filled in from their
    /// surroundings (OpenCV's Telea inpainting, `radius` pixels around each).
    public func inpainted(mask: Image, radius: Double) throws -> Image {
        try Image.make("inpaint") { cvision_inpaint(handle, mask.handle, radius, $0) }
    }

    public func resized(width: Int, height: Int, interpolation: Interpolation = .area) throws -> Image {
        try Image.make("resize") { cvision_resize(handle, Int32(width), Int32(height), interpolation.rawValue, $0) }
    }

    /// `rect` of this image resized to `width` × `height`, read in place: no copy of the
    /// rectangle is made first (a 12 MP crop costs ~10 ms to copy).
    public func resized(_ rect: PixelRect, width: Int, height: Int, interpolation: Interpolation = .area) throws -> Image {
        try Image.make("resize") {
            cvision_resize_region(handle, Int32(rect.x), Int32(rect.y), Int32(rect.width), Int32(rect.height),
                                  Int32(width), Int32(height), interpolation.rawValue, $0)
        }
    }

    /// A copy scaled so that its longer side is at most `maxSide`, and the factor used.
    public func downscaled(toFit maxSide: Int) throws -> (image: Image, scale: Double) {
        let longer = max(width, height)
        guard longer > maxSide else { return (self, 1) }
        let scale = Double(maxSide) / Double(longer)
        // From the halvings: the copy starts at the origin, so `scale` maps it back (it
        // may leave out the last 2^k − 1 rows and columns of a large image).
        return (try reduced(covering: PixelRect(x: 0, y: 0, width: width, height: height), scale: scale).image, scale)
    }

    public func converted(_ code: ColorConversion) throws -> Image {
        try Image.make("convert colour") { cvision_convert_color(handle, code.rawValue, $0) }
    }

    public func converted(to depth: Depth, scale: Double = 1, offset: Double = 0) throws -> Image {
        try Image.make("convert depth") { cvision_convert_depth(handle, depth.rawValue, scale, offset, $0) }
    }

    public func rotated(_ rotation: QuarterTurn) throws -> Image {
        try Image.make("rotate") { cvision_rotate(handle, rotation.rawValue, $0) }
    }

    public func flipped(_ axis: FlipAxis) throws -> Image {
        try Image.make("flip") { cvision_flip(handle, axis.rawValue, $0) }
    }

    /// Maps this image through `transform` (source to destination) onto a canvas of
    /// `size`, filling what lies outside the source as `border` says.
    public func warped(_ transform: AffineTransform, to size: Size, interpolation: Interpolation = .lanczos,
                       border: WarpBorder) throws -> Image {
        let m = transform.matrix
        let (mode, b): (Int32, [Double]) = switch border {
        case let .colour(c): (0, [Double(c.blue), Double(c.green), Double(c.red), 255])
        case .mirrored: (4, [0, 0, 0, 0])
        }
        return try Image.make("warp") { out in
            m.withUnsafeBufferPointer { mp in
                b.withUnsafeBufferPointer { bp in
                    cvision_warp_affine(handle, mp.baseAddress, Int32(size.width), Int32(size.height),
                                        interpolation.rawValue, mode, bp.baseAddress, out)
                }
            }
        }
    }

    /// What a warp shows where its canvas lies outside the source.
    public enum WarpBorder: Sendable {
        case colour(BGRColor)
        /// The source mirrored at its edge (OpenCV's reflect-101): the picture continues.
        case mirrored
    }

    public enum Interpolation: Int32, Sendable {
        case nearest = 0, linear = 1, cubic = 2, area = 3, lanczos = 4
    }

    public enum ColorConversion: Int32, Sendable {
        case bgrToBGRA = 0, bgraToBGR = 1, bgrToGray = 6, grayToBGR = 8, bgrToLab = 44
    }

    public enum QuarterTurn: Int32, Sendable {
        case clockwise = 0, halfTurn = 1, counterClockwise = 2
    }

    public enum FlipAxis: Int32, Sendable {
        /// Mirror top to bottom.
        case vertical = 0
        /// Mirror left to right.
        case horizontal = 1
    }
}
