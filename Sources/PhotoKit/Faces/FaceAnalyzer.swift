import CVision
import Foundation

/// Finds faces (dlib's HOG detector on a downscaled copy, dlib's CNN detector when that
/// finds none) and their 68 landmarks (dlib's shape predictor on the full-resolution
/// image). Load once per process: the landmark model is ~100 MB and takes a noticeable
/// part of a second to read.
public final class FaceAnalyzer: @unchecked Sendable {
    private let hogDetectors: HOGDetectorPool
    private let predictor: OpaquePointer
    private let cnnDetector: OpaquePointer
    /// dlib's CNN detector keeps scratch state, so one call at a time (it runs only when
    /// the HOG detectors find no face).
    private let cnnLock = NSLock()

    /// Longer side of the copy the detector scans. dlib finds faces from ~80 px across,
    /// so a portrait's face is found easily at this size, at a fraction of the cost.
    public var detectionSide = 800
    /// The smallest face the HOG detector finds, in px across.
    static let smallestDetectableFace = 80.0
    /// Widest face in the scanned copy below which that copy is scanned again enlarged:
    /// faces from 0.4 times the main one's width (`PhotoPipeline.competingFaceRatio`) must be
    /// counted, and below 200 px those fall under `smallestDetectableFace`.
    static let smallFaceWidth = 200.0
    /// The most the copy is enlarged for that second look: enough for the smallest face the
    /// detector finds on its own to count.
    static let largestEnlargement = smallFaceWidth / smallestDetectableFace
    /// Longer side of the copy the CNN detector scans: it is slower, so it only runs when the
    /// HOG detector finds no face, and portraits' faces are well above its smallest (~40 px).
    public var cnnDetectionSide = 512

    public init(landmarksModel path: String, cnnDetectorModel cnnPath: String) throws {
        _ = BLASThreads.heldToOne
        var p: OpaquePointer?, c: OpaquePointer?
        do {
            hogDetectors = try HOGDetectorPool()
            try vision("load landmark model \(path)", cvision_shape_predictor_load(path, &p))
            try vision("load CNN face detector \(cnnPath)", cvision_cnn_face_detector_load(cnnPath, &c))
            guard cvision_shape_predictor_parts(p) == 68 else {
                throw VisionError(status: CVISION_ERR_MODEL, operation: "load landmark model \(path) (not a 68-point model)")
            }
        } catch {
            cvision_cnn_face_detector_free(c)
            cvision_shape_predictor_free(p)
            throw error
        }
        predictor = p!
        cnnDetector = c!
    }

    public convenience init(locator: ModelLocator = ModelLocator()) throws {
        try self.init(landmarksModel: try locator.landmarksModel(), cnnDetectorModel: try locator.cnnDetectorModel())
    }

    deinit {
        cvision_cnn_face_detector_free(cnnDetector)
        cvision_shape_predictor_free(predictor)
    }

    /// Faces in `image`, most confident first, in the image's own coordinates. Scans a copy whose
    /// longer side is `detectionSide`, then once more upsampled if that finds nothing, then
    /// with the CNN detector (a head tilted by 15° or more, a face burnt out or half covered),
    /// then for a face behind a flat occluder (`detectBehindOccluder`).
    /// A face counts as found when its score reaches `confidence`.
    public func detectFaces(in image: Image, confidence: Double = 0) throws -> [FaceBox] {
        let (small, scale) = try image.downscaled(toFit: detectionSide)
        var faces = try detect(in: small, upsample: 0)
        if !faces.contains(where: { $0.score >= confidence }) {
            faces = try detect(in: small, upsample: 1)
        } else if let largest = faces.filter({ $0.score >= confidence }).map(\.width).max(), largest < Self.smallFaceWidth {
            // A small face (a group photo, a face far from the camera) may have companions
            // below the detector's smallest size. The copy is scanned again enlarged just
            // enough for a companion of `competingFaceRatio` times its width to reach
            // `smallestDetectableFace` (dlib's own upsampling doubles it, four times the cost,
            // where a portrait's face of 160 px needs only 1.25), so that a second person is
            // seen and refused rather than missed. Only faces the first scan did not find are
            // added, so the faces it found keep their boxes; and only the pyramid levels that
            // reach below the first scan's smallest face are scanned.
            let factor = min(Self.largestEnlargement, Self.smallFaceWidth / largest)
            let closer = try small.resized(width: Int((Double(small.width) * factor).rounded()),
                                           height: Int((Double(small.height) * factor).rounded()), interpolation: .linear)
            let extra = try detect(in: closer, upsample: 0, levels: Self.levelsBelowFirstScan(enlargement: factor)).map { $0.scaled(by: Double(small.width) / Double(closer.width)) }
            faces += extra.filter { new in !faces.contains { $0.contains(new.centre) || new.contains($0.centre) } }
        }
        if faces.contains(where: { $0.score >= confidence }) {
            return faces.map { $0.scaled(by: 1 / scale) }.sorted { $0.score > $1.score }
        }
        // Weaker CNN boxes are kept as candidates for a face behind a flat occluder.
        let scanned = try detectWithCNN(in: image, region: PixelRect(x: 0, y: 0, width: image.width, height: image.height),
                                        threshold: Self.occludedCandidateScore)
        var cnn = scanned.filter { $0.score >= 0 }
        // In a wide or tall frame the whole-frame copy makes the face small; look again in
        // the square where a portrait's face sits (centred across, upper part down).
        if cnn.isEmpty, let square = Self.portraitSquare(of: image.size) { cnn = try detectWithCNN(in: image, region: square) }
        if cnn.isEmpty, let covered = try detectBehindOccluder(in: image, candidates: scanned) { cnn = [covered] }
        return cnn.isEmpty ? faces.map { $0.scaled(by: 1 / scale) }.sorted { $0.score > $1.score } : cnn
    }

    /// The largest square of a frame at least 1.3 times longer one way than the other:
    /// horizontally centred, and from the top of a tall frame a tenth of its height down.
    static func portraitSquare(of size: Size) -> PixelRect? {
        let side = min(size.width, size.height), longer = max(size.width, size.height)
        guard Double(longer) >= 1.3 * Double(side) else { return nil }
        return size.width > size.height
            ? PixelRect(x: (size.width - side) / 2, y: 0, width: side, height: side)
            : PixelRect(x: 0, y: min(size.height - side, size.height / 10), width: side, height: side)
    }

    func detectWithCNN(in image: Image, region: PixelRect, threshold: Double = 0) throws -> [FaceBox] {
        // Scaled to the working size either way: small photos are enlarged so their faces
        // reach the sizes the network finds best.
        let (small, covered) = try image.scaled(covering: region, scale: Double(cnnDetectionSide) / Double(max(region.width, region.height)))
        let scale = Double(small.width) / Double(covered.width)
        var boxes = [cvision_face_box](repeating: cvision_face_box(), count: 32)
        var count: Int32 = 0
        cnnLock.lock()
        defer { cnnLock.unlock() }
        try vision("detect faces (CNN)", boxes.withUnsafeMutableBufferPointer {
            cvision_cnn_detect_faces(cnnDetector, small.handle, threshold, $0.baseAddress, Int32($0.count), &count)
        })
        return boxes.prefix(Int(min(count, 32))).map {
            let dx = Double(covered.x), dy = Double(covered.y)
            return FaceBox(left: Double($0.left) / scale + dx, top: Double($0.top) / scale + dy,
                           right: Double($0.right) / scale + dx, bottom: Double($0.bottom) / scale + dy, score: $0.score, detector: .cnn)
        }.sorted { $0.score > $1.score }
    }

    /// The pyramid levels an enlarged copy's scan needs: a face the first scan found at its
    /// level 0 is `enlargement` times larger in the copy, so it sits log(enlargement)/log(6/5)
    /// levels up dlib's pyramid (each level 5/6 of the last); one more level of overlap keeps
    /// the faces at the first scan's limit. Levels above find only faces the first scan saw.
    static func levelsBelowFirstScan(enlargement: Double) -> Int32 {
        Int32((log(enlargement) / log(6.0 / 5.0)).rounded(.up)) + 1
    }

    func detect(in image: Image, upsample: Int32, levels: Int32 = HOGDetectorPool.allLevels) throws -> [FaceBox] {
        var boxes = [cvision_face_box](repeating: cvision_face_box(), count: 32)
        var count: Int32 = 0
        try hogDetectors.withDetector(levels: levels) { detector in
            try vision("detect faces", boxes.withUnsafeMutableBufferPointer {
                cvision_detect_faces(detector, image.handle, upsample, 0, $0.baseAddress, Int32($0.count), &count)
            })
        }
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
