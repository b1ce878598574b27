/// Head rotation in degrees. Roll: the eye line's tilt, positive when the image-right eye is
/// lower. Yaw: positive when the face turns toward the image's right. Pitch: positive when
/// the chin is raised. Read from the landmarks' geometry (see `PoseMeasures`).
public struct HeadPose: Codable, Equatable, Sendable {
    public var roll: Double
    public var yaw: Double?
    public var pitch: Double?

    public init(_ landmarks: FaceLandmarks) {
        roll = PoseMeasures.roll(landmarks).value ?? 0
        yaw = PoseMeasures.yaw(landmarks).value
        pitch = PoseMeasures.pitch(landmarks).value
    }
}
