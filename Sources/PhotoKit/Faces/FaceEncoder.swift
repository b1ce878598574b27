import CVision
import Foundation

/// A 128-dimensional face descriptor from dlib's ResNet metric network: faces of the same
/// person lie close together, so identity is a distance.
public struct FaceDescriptor: Codable, Equatable, Sendable {
    public let values: [Float]

    public func distance(to other: FaceDescriptor) -> Double {
        zip(values, other.values).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot()
    }
}

/// Turns a face (image + landmarks) into a descriptor. The network (~22 MB) is loaded once;
/// dlib's network object keeps per-call scratch buffers, so one call at a time.
public final class FaceEncoder: @unchecked Sendable {
    private let encoder: OpaquePointer
    private let lock = NSLock()

    public init(model path: String) throws {
        _ = BLASThreads.heldToOne
        var e: OpaquePointer?
        try vision("load face descriptor model \(path)", cvision_face_encoder_load(path, &e))
        encoder = e!
    }

    public convenience init(locator: ModelLocator = ModelLocator()) throws {
        try self.init(model: try locator.descriptorModel())
    }

    deinit { cvision_face_encoder_free(encoder) }

    public func descriptor(of image: Image, box: FaceBox, landmarks: FaceLandmarks) throws -> FaceDescriptor {
        let points = landmarks.points.flatMap { [$0.x, $0.y] }
        var values = [Float](repeating: 0, count: 128)
        let cBox = cvision_face_box(left: Int32(box.left.rounded()), top: Int32(box.top.rounded()),
                                    right: Int32(box.right.rounded()), bottom: Int32(box.bottom.rounded()), score: box.score)
        lock.lock()
        defer { lock.unlock() }
        try vision("face descriptor", cvision_face_descriptor(encoder, image.handle, cBox, points, 68, &values))
        return FaceDescriptor(values: values)
    }
}

/// Same person or not, by descriptor distance.
public struct IdentityComparison: Codable, Sendable {
    /// dlib's published operating point for this model: distances below 0.6 are the same
    /// person (99.38 % on the LFW benchmark).
    public static let threshold = 0.6

    public let distance: Double
    public let threshold: Double
    public let samePerson: Bool

    public init(_ a: FaceDescriptor, _ b: FaceDescriptor, threshold: Double = IdentityComparison.threshold) {
        distance = a.distance(to: b)
        self.threshold = threshold
        samePerson = distance < threshold
    }
}
