/// The one face of a master, detected and landmarked. Shared by the photo pipeline and
/// identity comparison so both refuse the same inputs for the same reasons.
public struct FoundFace: Sendable {
    public let decoded: DecodedImage
    /// Every detection, most confident first; `box` is the first.
    public let faces: [FaceBox]
    public let box: FaceBox
    public let landmarks: FaceLandmarks
    /// Confident faces of a size that competes with the main one (1 here: more is refused).
    public let competingFaces: Int
}

extension PhotoPipeline {
    /// Decodes `bytes` and finds its single face.
    public func findFace(in bytes: [UInt8]) throws -> Swift.Result<FoundFace, CaptureRefusal> {
        var stopwatch = Stopwatch()
        do {
            return try findFace(in: try decoder.decode(bytes), stopwatch: &stopwatch)
        } catch let refusal as InputRefusal {
            return .failure(.input(refusal))
        }
    }

    func findFace(in decoded: DecodedImage, stopwatch: inout Stopwatch) throws -> Swift.Result<FoundFace, CaptureRefusal> {
        let faces = try analyzer.detectFaces(in: decoded.image, confidence: Self.faceScoreThreshold)
        stopwatch.lap("detect")
        guard let face = faces.first, Self.isConfident(face) else { return .failure(.noFace) }
        // A second box on the same face (the detector's tilted-face filters can both fire)
        // is not a second person.
        let competing = faces.filter {
            $0 == face || ($0.width >= face.width * Self.competingFaceRatio && Self.isConfident($0) && !face.contains($0.centre))
        }
        if competing.count > 1 { return .failure(.multipleFaces(count: competing.count)) }
        let landmarks = try analyzer.landmarks(in: decoded.image, box: face)
        return .success(FoundFace(decoded: decoded, faces: faces, box: face, landmarks: landmarks, competingFaces: competing.count))
    }
}
