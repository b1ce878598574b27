/// Bounds on what an input may cost before any pixel is decoded.
public struct InputLimits: Sendable, Equatable {
    /// Largest file accepted. Cameras' 24 MP JPEGs stay under 20 MB.
    public var maxBytes: Int
    /// Largest pixel count accepted, read from the header (a decompression-bomb guard).
    public var maxPixels: Int
    /// Smallest shorter side that can hold a usable portrait.
    public var minSide: Int

    public init(maxBytes: Int = 40 * 1_048_576, maxPixels: Int = 50_000_000, minSide: Int = 64) {
        self.maxBytes = maxBytes
        self.maxPixels = maxPixels
        self.minSide = minSide
    }

    public static let standard = InputLimits()
}
