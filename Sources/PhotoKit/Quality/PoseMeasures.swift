import Foundation

/// Head pose (ISO/IEC 29794-5 head pose yaw/pitch/roll; ICAO 9303 Part 3 and GA 461:
/// frontal, head upright). Roll is exact from the eye line; yaw and pitch are read from
/// where the nose tip sits between the ear roots and between the eye line and the chin,
/// in the levelled face — a landmark geometry that needs no camera model and, unlike a
/// perspective fit to a generic 3D face, is not biased by face shape or lens.
enum PoseMeasures {
    /// Nose-tip depth over half the ear-root width: turning the head by θ moves the nose
    /// tip by about k·sin θ of the half width relative to the ear roots.
    static let yawDepthRatio = 1.1
    /// Nose tip between eye line (0) and chin (1) in a level frontal face (the median of
    /// the shared portraits, 0.23–0.38 between people), and how fast that ratio falls per
    /// degree of raising the chin (from a 3D face model).
    static let frontalNoseRatio = 0.30
    static let noseRatioPerDegree = 0.0055

    static func roll(_ l: FaceLandmarks) -> RawMeasurement { .value(l.roll * 180 / .pi) }

    /// Degrees, positive when the face turns toward the image's right.
    static func yaw(_ l: FaceLandmarks) -> RawMeasurement {
        let level = l.levelled
        let nose = level.noseTip.x, left = level.points[0].x, right = level.points[16].x
        let dl = nose - left, dr = right - nose
        guard dl + dr > 0 else { return .unknown("the jaw line is not in front of the camera") }
        let ratio = (dl - dr) / (dl + dr) / yawDepthRatio
        return .value(asin(max(-1, min(1, ratio))) * 180 / .pi, ["noseOffset": (dl - dr) / (dl + dr)])
    }

    /// Degrees, positive when the chin is raised.
    static func pitch(_ l: FaceLandmarks) -> RawMeasurement {
        let level = l.levelled
        let eyes = level.eyeCentre.y, span = level.chin.y - eyes
        guard span > 0 else { return .unknown("the chin is not below the eyes") }
        let ratio = (level.noseTip.y - eyes) / span
        return .value((frontalNoseRatio - ratio) / noseRatioPerDegree, ["noseRatio": ratio])
    }
}
