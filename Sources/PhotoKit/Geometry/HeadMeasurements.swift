import Foundation

/// The head in the master, as the crop planner needs it: landmarks and the crown.
public struct HeadMeasurements: Sendable {
    public var landmarks: FaceLandmarks
    public var crown: HeadOutline?
    /// Whether the chin lies inside the image with a little room below it.
    public var chinInside: Bool

    public init(landmarks: FaceLandmarks, crown: HeadOutline?, imageSize: Size) {
        self.landmarks = landmarks
        self.crown = crown
        chinInside = landmarks.chin.y + 0.02 * landmarks.faceWidth < Double(imageSize.height)
    }

    /// Eye-line tilt in radians, positive when the image-right eye is lower.
    public var roll: Double { landmarks.roll }

    /// Offsets from the eye centre once the eye line is levelled (source pixels).
    struct Levelled {
        var crownDy: Double?
        var headWidth: Double?
        var chinDy: Double
        var faceCentreDx: Double
        var faceWidth: Double
        var eyeDistance: Double
    }

    var levelled: Levelled {
        let eyes = landmarks.eyeCentre
        let level = AffineTransform.similarity(rotation: -roll, scale: 1, pivot: eyes, target: eyes)
        return Levelled(crownDy: crown.map { -$0.heightAboveEyes }, headWidth: crown?.widthAtEars,
                        chinDy: level.apply(landmarks.chin).y - eyes.y,
                        faceCentreDx: level.apply(landmarks.faceCentre).x - eyes.x,
                        faceWidth: landmarks.faceWidth, eyeDistance: landmarks.eyeDistance)
    }
}
