import Foundation

/// A 2×3 affine map of pixel coordinates: x' = a·x + b·y + c, y' = d·x + e·y + f.
public struct AffineTransform: Equatable, Sendable {
    public var a, b, c, d, e, f: Double

    public init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double) {
        (self.a, self.b, self.c, self.d, self.e, self.f) = (a, b, c, d, e, f)
    }

    public static let identity = AffineTransform(a: 1, b: 0, c: 0, d: 0, e: 1, f: 0)

    /// Rotation by `radians` (positive turns +x toward +y, i.e. clockwise on screen) and
    /// uniform `scale` about `pivot`, then `pivot` moved to `target`.
    public static func similarity(rotation radians: Double, scale: Double, pivot: Point, target: Point) -> AffineTransform {
        let cosine = cos(radians) * scale, sine = sin(radians) * scale
        return AffineTransform(
            a: cosine, b: -sine, c: target.x - (cosine * pivot.x - sine * pivot.y),
            d: sine, e: cosine, f: target.y - (sine * pivot.x + cosine * pivot.y))
    }

    public func apply(_ p: Point) -> Point {
        Point(x: a * p.x + b * p.y + c, y: d * p.x + e * p.y + f)
    }

    /// Row-major matrix as OpenCV's warpAffine takes it.
    var matrix: [Double] { [a, b, c, d, e, f] }

    /// This map followed by `next`.
    public func then(_ next: AffineTransform) -> AffineTransform {
        AffineTransform(
            a: next.a * a + next.b * d, b: next.a * b + next.b * e, c: next.a * c + next.b * f + next.c,
            d: next.d * a + next.e * d, e: next.d * b + next.e * e, f: next.d * c + next.e * f + next.f)
    }
}

extension AffineTransform {
    /// The inverse map (the transform is never degenerate here: scales are positive).
    public func inverted() -> AffineTransform {
        let det = a * e - b * d
        let ia = e / det, ib = -b / det, id = -d / det, ie = a / det
        return AffineTransform(a: ia, b: ib, c: -(ia * c + ib * f), d: id, e: ie, f: -(id * c + ie * f))
    }
}
