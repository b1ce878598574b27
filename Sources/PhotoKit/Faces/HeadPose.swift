import CVision
import Foundation

/// Head rotation in degrees. Roll: the eye line's tilt, positive when the image-right eye is
/// lower. Yaw: positive when the face turns toward the image's right. Pitch: positive when
/// the chin is raised.
public struct HeadPose: Codable, Equatable, Sendable {
    public var roll: Double
    public var yaw: Double
    public var pitch: Double

    /// Roll from the eye centres (exact for our purpose); yaw and pitch from a perspective
    /// fit (solvePnP) of six landmarks to a generic 3D face, with the focal length taken
    /// as the image width (a normal lens).
    public static func estimate(from landmarks: FaceLandmarks, imageSize: Size) throws -> HeadPose {
        let l = landmarks.leftEyeCentre, r = landmarks.rightEyeCentre
        let roll = atan2(r.y - l.y, r.x - l.x) * 180 / .pi
        // Generic face in millimetres-like units, camera axes (x right, y down, z away).
        let model: [Double] = [
            0, 0, 0,  // nose tip (30)
            0, 330, 65,  // chin (8)
            -225, -170, 135,  // outer corner of the image-left eye (36)
            225, -170, 135,  // outer corner of the image-right eye (45)
            -150, 150, 125,  // left mouth corner (48)
            150, 150, 125,  // right mouth corner (54)
        ]
        let indices = [30, 8, 36, 45, 48, 54]
        let imagePoints = indices.flatMap { [landmarks.points[$0].x, landmarks.points[$0].y] }
        var rotation = [Double](repeating: 0, count: 3), translation = [Double](repeating: 0, count: 3)
        var matrix = [Double](repeating: 0, count: 9)
        let focal = Double(imageSize.width)
        try vision("solve head pose", cvision_solve_pnp(model, imagePoints, 6, focal, Double(imageSize.width) / 2,
                                                       Double(imageSize.height) / 2, &rotation, &translation))
        try vision("rotation matrix", cvision_rodrigues(rotation, &matrix))
        // R = Rz(roll)·Ry(yaw)·Rx(pitch) decomposition.
        let pitch = atan2(matrix[7], matrix[8]) * 180 / .pi
        let yaw = asin(max(-1, min(1, -matrix[6]))) * 180 / .pi
        return HeadPose(roll: roll, yaw: -yaw, pitch: -pitch)
    }
}
