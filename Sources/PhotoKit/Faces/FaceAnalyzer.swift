import CVision
import Foundation

/// Finds faces (dlib's HOG detector on a downscaled copy) and their 68 landmarks (dlib's
/// shape predictor on the full-resolution image). Load once per process: the landmark
/// model is ~100 MB and takes a noticeable part of a second to read.
public final class FaceAnalyzer: @unchecked Sendable {
    private let detector: OpaquePointer
    private let predictor: OpaquePointer
    /// dlib's detector keeps scratch state, so one call at a time.
    private let detectorLock = NSLock()

    /// Longer side of the copy the detector scans. dlib finds faces from ~80 px across,
    /// so a portrait's face is found easily at this size, at a fraction of the cost.
    public var detectionSide = 800

    public init(landmarksModel path: String) throws {
        var d: OpaquePointer?
        try vision("create face detector", cvision_face_detector_create(&d))
        var p: OpaquePointer?
        do {
            try vision("load landmark model \(path)", cvision_shape_predictor_load(path, &p))
        } catch {
            cvision_face_detector_free(d)
            throw error
        }
        detector = d!
        predictor = p!
        guard cvision_shape_predictor_parts(predictor) == 68 else {
            cvision_shape_predictor_free(predictor)
            cvision_face_detector_free(detector)
            throw VisionError(status: CVISION_ERR_MODEL, operation: "load landmark model \(path) (not a 68-point model)")
        }
    }

    public convenience init(locator: ModelLocator = ModelLocator()) throws {
        try self.init(landmarksModel: try locator.landmarksModel())
    }

    deinit {
        cvision_shape_predictor_free(predictor)
        cvision_face_detector_free(detector)
    }

    /// Faces in `image`, most confident first, in the image's own coordinates. Scans a copy whose
    /// longer side is `detectionSide`, then once more upsampled if that finds nothing.
    public func detectFaces(in image: Image) throws -> [FaceBox] {
        let (small, scale) = try image.downscaled(toFit: detectionSide)
        var faces = try detect(in: small, upsample: 0)
        if faces.isEmpty { faces = try detect(in: small, upsample: 1) }
        return faces.map { $0.scaled(by: 1 / scale) }.sorted { $0.score > $1.score }
    }

    func detect(in image: Image, upsample: Int32) throws -> [FaceBox] {
        var boxes = [cvision_face_box](repeating: cvision_face_box(), count: 32)
        var count: Int32 = 0
        detectorLock.lock()
        defer { detectorLock.unlock() }
        try vision("detect faces", boxes.withUnsafeMutableBufferPointer {
            cvision_detect_faces(detector, image.handle, upsample, 0, $0.baseAddress, Int32($0.count), &count)
        })
        return boxes.prefix(Int(min(count, 32))).map {
            FaceBox(left: Double($0.left), top: Double($0.top), right: Double($0.right), bottom: Double($0.bottom), score: $0.score)
        }
    }

    /// The 68 landmarks of the face in `box`.
    public func landmarks(in image: Image, box: FaceBox) throws -> FaceLandmarks {
        var points = [Double](repeating: 0, count: 136)
        let cBox = cvision_face_box(left: Int32(box.left.rounded()), top: Int32(box.top.rounded()),
                                    right: Int32(box.right.rounded()), bottom: Int32(box.bottom.rounded()), score: box.score)
        try vision("find landmarks", points.withUnsafeMutableBufferPointer {
            cvision_predict_shape(predictor, image.handle, cBox, $0.baseAddress, 136)
        })
        return FaceLandmarks(points: (0..<68).map { Point(x: points[2 * $0], y: points[2 * $0 + 1]) })
    }
}
