/// Everything `process` learned about one master and the photos made from it; written
/// as `report.json`.
public struct ProcessingReport: Codable, Sendable {
    public var input: InputSummary
    public var catalogVersion: String
    public var refusal: Refusal?
    public var face: FaceSummary?
    public var photos: [PhotoReport]
    public var quality: QualityReport?
    /// Milliseconds per stage.
    public var timings: [String: Double]

    public struct InputSummary: Codable, Sendable {
        public var file: String?
        public var bytes: Int
        public var format: ImageFormat?
        /// Upright size (after EXIF orientation).
        public var width: Int?
        public var height: Int?
        public var exifOrientation: Int?
        public var conversions: [String]
    }

    public struct Refusal: Codable, Equatable, Sendable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public struct FaceSummary: Codable, Sendable {
        public var facesFound: Int
        public var box: FaceBox
        public var leftEye: Point
        public var rightEye: Point
        public var eyeDistance: Double
        public var faceWidth: Double
        public var chin: Point
        public var head: HeadOutline?
        public var pose: HeadPose
        public var landmarks: [Point]
    }
}

/// One spec's photo: produced (with its geometry measured on the output) or refused.
public struct PhotoReport: Codable, Sendable {
    public var spec: String
    public var status: Status
    public var file: String?
    public var refusal: ProcessingReport.Refusal?
    public var pixels: Size?
    public var dpi: Int?
    public var bytes: Int?
    public var kilobytes: Double?
    public var quality: Int?
    public var background: String?
    /// How the background was made: matted onto the colour, or kept as shot and why.
    public var backgroundReplacement: BackgroundReport?
    public var plan: PlanSummary?
    /// Share of the photo's area that lay outside the master and was filled with the
    /// background colour (0 when the master covers the whole frame).
    public var filledFraction: Double?
    public var measured: MeasuredGeometry?
    public var rules: [RuleCheck]
    /// Every rule met, except placement rules the spec lets yield to a higher one.
    public var compliant: Bool

    public enum Status: String, Codable, Sendable { case produced, refused }

    public struct PlanSummary: Codable, Sendable {
        public var scale: Double
        public var rotationDegrees: Double
        public var yielded: [String]
        public var masterEncoding: String?
    }
}

/// Geometry read off the finished photo: landmarks found again on the output pixels,
/// the crown carried from the person mask through the crop. Rows from the top edge.
public struct MeasuredGeometry: Codable, Sendable {
    public var crownRow: Double?
    public var chinRow: Double
    public var eyeLine: Double
    public var eyeDistance: Double
    public var faceWidth: Double
    public var headWidth: Double?
    public var headLength: Double?
    public var roll: Double
    public var eyeMidpointX: Double
    public var faceCentreX: Double
}

/// One requirement checked against the measured output.
public struct RuleCheck: Codable, Sendable, Equatable {
    public var rule: String
    public var min: Double?
    public var max: Double?
    public var measured: Double?
    public var met: Bool
    /// The spec lets this rule give way to a higher-priority one, and it did.
    public var yielded: Bool
}
