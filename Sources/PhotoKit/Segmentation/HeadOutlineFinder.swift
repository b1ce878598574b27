import Foundation

/// The head's extent read from the person mask: its top (hair included) and its width.
public struct HeadOutline: Codable, Equatable, Sendable {
    /// The crown point in source coordinates, on the head's vertical axis.
    public var point: Point
    /// Distance from the eye line up to the crown, measured along the head's axis (source px).
    public var heightAboveEyes: Double
    /// True when the person reaches the image's top edge above the face: the crown is cut off.
    public var isCut: Bool
    /// Width of the head across the ear roots, ears and hair beside them included (source px).
    public var widthAtEars: Double
    /// The mask it was read from: the cut-out person, or the head mask (busy backdrop).
    public var source: PersonMask.Source?

    public init(point: Point, heightAboveEyes: Double, isCut: Bool, widthAtEars: Double, source: PersonMask.Source? = nil) {
        self.point = point
        self.heightAboveEyes = heightAboveEyes
        self.isCut = isCut
        self.widthAtEars = widthAtEars
        self.source = source
    }
}

public enum HeadOutlineFinder {
    /// Crown height above the eyes as a multiple of the eyes-to-chin distance: faces with
    /// hair fall well inside this; outside it the mask has leaked into the backdrop.
    static let plausibleHeight = 0.6...1.8

    /// Looks, in the head's own upright frame (eye line levelled), at the band of ±30 % of
    /// the face width around the face centre, and takes the highest person pixel there.
    public static func find(in mask: PersonMask, landmarks: FaceLandmarks) -> HeadOutline? {
        let l = landmarks.transformed(by: mask.sourceToMask)
        let eyes = l.eyeCentre
        let roll = l.roll
        let level = AffineTransform.similarity(rotation: -roll, scale: 1, pivot: eyes, target: eyes)
        let axisX = level.apply(l.faceCentre).x
        let halfBand = 0.3 * l.faceWidth
        var top = Double.infinity
        var reachesEdge = false
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask.pixels[y * mask.width + x] == 1 {
                let p = level.apply(Point(x: Double(x), y: Double(y)))
                guard abs(p.x - axisX) <= halfBand, p.y < eyes.y else { continue }
                top = min(top, p.y)
                if y == 0 && mask.touchesImageTop { reachesEdge = true }
            }
        }
        guard top.isFinite else { return nil }
        let unlevel = AffineTransform.similarity(rotation: roll, scale: 1, pivot: eyes, target: eyes)
        let crownInMask = unlevel.apply(Point(x: axisX, y: top))
        let maskScale = mask.sourceToMask.a
        let toSource = AffineTransform(a: 1 / maskScale, b: 0, c: -mask.sourceToMask.c / maskScale,
                                       d: 0, e: 1 / mask.sourceToMask.e, f: -mask.sourceToMask.f / mask.sourceToMask.e)
        let crown = toSource.apply(crownInMask)
        let sourceLevel = AffineTransform.similarity(rotation: -roll, scale: 1, pivot: landmarks.eyeCentre, target: landmarks.eyeCentre)
        let height = landmarks.eyeCentre.y - sourceLevel.apply(crown).y
        // Walk out from the face centre along the levelled ear-root line until the mask ends.
        let earRow = (level.apply(l.points[0]).y + level.apply(l.points[16]).y) / 2
        func extent(_ direction: Double) -> Double {
            var offset = 0.0
            while offset < 3 * l.faceWidth {
                let p = unlevel.apply(Point(x: axisX + direction * (offset + 0.5), y: earRow))
                if !mask.isPerson(Int(p.x.rounded()), Int(p.y.rounded())) { break }
                offset += 0.5
            }
            return offset
        }
        let width = (extent(-1) + extent(1)) / maskScale
        let eyesToChin = sourceLevel.apply(landmarks.chin).y - landmarks.eyeCentre.y
        let ratio = height / eyesToChin
        if reachesEdge {
            // Person up to the top edge: a cut crown if the head would be plausible there,
            // otherwise a leak of the mask into a busy backdrop.
            return ratio <= plausibleHeight.upperBound ? HeadOutline(point: crown, heightAboveEyes: height, isCut: true, widthAtEars: width, source: mask.source) : nil
        }
        return plausibleHeight.contains(ratio) ? HeadOutline(point: crown, heightAboveEyes: height, isCut: false, widthAtEars: width, source: mask.source) : nil
    }
}
