/// A face found by the detector, in the coordinates of the image it was run on.
public struct FaceBox: Codable, Equatable, Sendable {
    public var left: Double
    public var top: Double
    public var right: Double
    public var bottom: Double
    /// The detector's confidence (SVM margin; above 0 is a detection).
    public var score: Double
    /// Which detector found the box: their margins are on different scales.
    public var detector: FaceDetectorKind = .hog
    /// True when the CNN found the face only once a flat occluder over it was filled in
    /// (`FaceAnalyzer.detectBehindOccluder`); `score` is its score then.
    public var behindOccluder: Bool? = nil

    public var width: Double { right - left }
    public var height: Double { bottom - top }

    public func scaled(by factor: Double) -> FaceBox {
        FaceBox(left: left * factor, top: top * factor, right: right * factor, bottom: bottom * factor, score: score, detector: detector,
                behindOccluder: behindOccluder)
    }

    public var centre: Point { Point(x: (left + right) / 2, y: (top + bottom) / 2) }

    public func contains(_ p: Point) -> Bool { p.x >= left && p.x <= right && p.y >= top && p.y <= bottom }

    /// The same box carried through a similarity transform of uniform `scale`: centre
    /// mapped, sides scaled (the small roll left in a box is what dlib's predictor expects).
    public func transformed(by transform: AffineTransform, scale: Double) -> FaceBox {
        let c = transform.apply(centre)
        let halfWidth = width * scale / 2, halfHeight = height * scale / 2
        return FaceBox(left: c.x - halfWidth, top: c.y - halfHeight, right: c.x + halfWidth, bottom: c.y + halfHeight, score: score, detector: detector,
                       behindOccluder: behindOccluder)
    }
}

/// dlib's HOG detector (fast, frontal faces) or its CNN (MMOD) detector (the fallback for
/// tilted, burnt-out and covered faces).
public enum FaceDetectorKind: String, Codable, Sendable {
    case hog, cnn
}
