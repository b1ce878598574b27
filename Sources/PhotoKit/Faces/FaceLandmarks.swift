import Foundation

/// The 68 points of the iBUG 300-W markup that dlib's shape predictor finds.
/// "Left" and "right" here are the image's, not the subject's.
public struct FaceLandmarks: Codable, Equatable, Sendable {
    public let points: [Point]

    public init(points: [Point]) {
        precondition(points.count == 68, "the iBUG markup has 68 points")
        self.points = points
    }

    /// Jaw outline 0–16: 0 and 16 sit at the ear roots.
    public var jaw: ArraySlice<Point> { points[0...16] }
    public var chin: Point { points[8] }
    public var noseTip: Point { points[30] }
    public var noseBridgeTop: Point { points[27] }
    public var brows: ArraySlice<Point> { points[17...26] }
    /// The eye on the image's left (the subject's right eye), points 36–41.
    public var leftEye: ArraySlice<Point> { points[36...41] }
    /// The eye on the image's right, points 42–47.
    public var rightEye: ArraySlice<Point> { points[42...47] }

    public var leftEyeCentre: Point { Self.centroid(leftEye) }
    public var rightEyeCentre: Point { Self.centroid(rightEye) }
    public var eyeCentre: Point { .midpoint(leftEyeCentre, rightEyeCentre) }
    public var eyeDistance: Double { leftEyeCentre.distance(to: rightEyeCentre) }
    /// Ear root to ear root (jaw points 0 and 16), the "face width" of GA 461.
    public var faceWidth: Double { points[0].distance(to: points[16]) }
    /// Midway between the ear roots: the horizontal centre of the face.
    public var faceCentre: Point { .midpoint(points[0], points[16]) }

    /// Eye-line tilt in radians, positive when the image-right eye is lower.
    public var roll: Double {
        let l = leftEyeCentre, r = rightEyeCentre
        return atan2(r.y - l.y, r.x - l.x)
    }

    /// The landmarks rotated about the eye centre so the eye line is level.
    public var levelled: FaceLandmarks {
        transformed(by: .similarity(rotation: -roll, scale: 1, pivot: eyeCentre, target: eyeCentre))
    }

    public func transformed(by transform: AffineTransform) -> FaceLandmarks {
        FaceLandmarks(points: points.map(transform.apply))
    }

    static func centroid(_ points: ArraySlice<Point>) -> Point {
        let n = Double(points.count)
        return Point(x: points.map(\.x).reduce(0, +) / n, y: points.map(\.y).reduce(0, +) / n)
    }
}
