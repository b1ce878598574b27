/// The quality measures, in the order reports list them. Names follow ISO/IEC 29794-5
/// (OFIQ's components) where one exists, plus the police rules OFIQ leaves out (glare, red
/// eye, background colour, recapture).
public enum QualityMeasure: String, Codable, CaseIterable, Sendable {
    case singleFace = "single_face"
    case interEyeDistance = "inter_eye_distance"
    case headSize = "head_size"
    case cropMargins = "crop_margins"
    case yaw, pitch, roll
    case eyesOpen = "eyes_open"
    case eyesVisible = "eyes_visible"
    case glassesGlare = "glasses_glare"
    case redEye = "red_eye"
    case mouthClosed = "mouth_closed"
    case expressionNeutral = "expression_neutral"
    case headCovering = "head_covering"
    case faceOcclusion = "face_occlusion"
    case backgroundUniformity = "background_uniformity"
    case backgroundShadow = "background_shadow"
    case faceShadow = "face_shadow"
    case illuminationUniformity = "illumination_uniformity"
    case exposure
    case dynamicRange = "dynamic_range"
    case sharpness
    case compression
    case naturalColour = "natural_colour"
    case recapture
}

/// How one measure judged one image for one spec. `unknown` means the measure could not
/// be assessed (the reason says why); it never counts as a pass or a fail.
public enum QualityVerdict: String, Codable, Comparable, Sendable {
    case pass, warn, fail, unknown

    /// Severity order for "the worst verdict": unknown < pass < warn < fail.
    private var severity: Int {
        switch self {
        case .unknown: 0
        case .pass: 1
        case .warn: 2
        case .fail: 3
        }
    }

    public static func < (a: QualityVerdict, b: QualityVerdict) -> Bool { a.severity < b.severity }
}

/// A short instruction to the person in front of the camera.
public struct Guidance: Codable, Equatable, Sendable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

/// A measure's raw value before it is judged: the value in the measure's own unit, or the
/// reason it could not be assessed.
public struct RawMeasurement: Codable, Equatable, Sendable {
    public var value: Double?
    /// Supporting figures (e.g. per-eye values) for people tuning thresholds.
    public var detail: [String: Double]?
    public var reason: String?

    public static func value(_ value: Double, _ detail: [String: Double]? = nil) -> RawMeasurement {
        RawMeasurement(value: value, detail: detail, reason: nil)
    }

    public static func unknown(_ reason: String) -> RawMeasurement {
        RawMeasurement(value: nil, detail: nil, reason: reason)
    }
}

/// One measure judged for one spec.
public struct MeasureResult: Codable, Equatable, Sendable {
    public var name: QualityMeasure
    public var raw: Double?
    /// 0–100, higher is better: 70–100 pass, 40–70 warn, below 40 fail.
    public var score: Double?
    public var verdict: QualityVerdict
    public var guidance: Guidance?
    public var reason: String?
    public var detail: [String: Double]?
}
