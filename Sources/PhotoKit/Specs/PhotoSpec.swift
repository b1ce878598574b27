/// One document type's photo requirements, loaded from a catalog file (data, not code).
/// Pixel figures are in the output photo's pixels; rows count from the top edge.
public struct PhotoSpec: Codable, Equatable, Sendable {
    public var code: String
    public var version: Int
    public var name: LocalizedName
    public var kind: Kind
    /// The regulation or guide the figures come from.
    public var source: String?
    /// Output pixel size; nil for the master, which keeps the size as shot.
    public var pixels: Size?
    public var dpi: Int?
    public var printMillimetres: Millimetres?
    public var background: BackgroundRule
    public var geometry: HeadGeometry?
    public var file: FileRule
    public var resolution: ResolutionRule?
    /// How many months a photo of this spec may be reused.
    public var reuseMonths: Int?
    /// Confidence per group of figures: H (several sources agree), M (one or two), L (weak).
    public var confidence: [String: Confidence]
    public var notes: [String]?
    /// Quality thresholds that differ from the catalog's defaults, by measure name.
    public var quality: [String: QualityBands]?

    public enum Kind: String, Codable, Sendable {
        /// The photo as shot, orientation normalized.
        case master
        /// A certificate photo whose background colour the regulation fixes.
        case official
        /// A print-shop size; any catalog colour may be asked for.
        case trade
    }

    public enum Confidence: String, Codable, Sendable { case H, M, L }

    public struct LocalizedName: Codable, Equatable, Sendable {
        public var zh: String
        public var en: String
    }

    public struct Millimetres: Codable, Equatable, Sendable {
        public var width: Double
        public var height: Double
    }

    public struct BackgroundRule: Codable, Equatable, Sendable {
        /// Named colour from the catalog's palette.
        public var `default`: String
        public var allowed: [String]
    }

    public struct FileRule: Codable, Equatable, Sendable {
        public var format: String
        /// Window for the encoded size in KB (1 KB = 1024 bytes).
        public var sizeKB: Range?
        public var quality: QualityRule
    }

    public struct QualityRule: Codable, Equatable, Sendable {
        /// Lowest JPEG quality the regulation accepts.
        public var min: Int
        /// Quality used when no size window applies, and the ceiling of the search.
        public var max: Int
    }

    public struct ResolutionRule: Codable, Equatable, Sendable {
        /// Refuse when the master's eye distance is below this (px).
        public var minSourceEyeDistance: Double?
        /// Largest enlargement of the master allowed (1 = never upscale).
        public var maxUpscale: Double
    }

    /// An inclusive range; either end may be open.
    public struct Range: Codable, Equatable, Sendable {
        public var min: Double?
        public var max: Double?
        /// Preferred value inside the range (defaults to the midpoint).
        public var target: Double?

        public init(min: Double? = nil, max: Double? = nil, target: Double? = nil) {
            self.min = min
            self.max = max
            self.target = target
        }

        public var preferred: Double? {
            if let target { return target }
            if let min, let max { return (min + max) / 2 }
            return nil
        }

        public func contains(_ value: Double, tolerance: Double = 0) -> Bool {
            (min.map { value >= $0 - tolerance } ?? true) && (max.map { value <= $0 + tolerance } ?? true)
        }
    }

    public var isMaster: Bool { kind == .master }
}

/// Where the head must sit in the output, in output pixels. Every rule is optional; the
/// spec lists which size rules set the scale and which placement rules win a conflict.
public struct HeadGeometry: Codable, Equatable, Sendable {
    /// HeadOutline to chin.
    public var headLength: PhotoSpec.Range?
    /// Ear root to ear root (jaw landmarks 0 and 16).
    public var faceWidth: PhotoSpec.Range?
    /// The whole head's width across the ear roots, from the person mask.
    public var headWidth: PhotoSpec.Range?
    /// Between the eye centres.
    public var eyeDistance: PhotoSpec.Range?
    /// HeadOutline row below the top edge.
    public var crownMargin: PhotoSpec.Range?
    /// Chin row above the bottom edge.
    public var chinMargin: PhotoSpec.Range?
    /// Eye-line row below the top edge.
    public var eyeLineFromTop: PhotoSpec.Range?
    /// Eye-line row above the bottom edge.
    public var eyeLineFromBottom: PhotoSpec.Range?
    /// Horizontal position of the point named by `centring`, from the left edge
    /// (defaults to the middle).
    public var centreX: PhotoSpec.Range?
    public var centring: Centring
    /// Size rules in priority order; the first one's preferred value sets the scale when
    /// the others allow it.
    public var sizePriority: [SizeRule]
    /// Placement rules in priority order: when they cannot all be met, earlier ones win.
    public var placementPriority: [PlacementRule]
    /// The placement rule whose preferred value is aimed for.
    public var placementAnchor: PlacementRule

    public enum Centring: String, Codable, Sendable {
        /// Midpoint of the ear roots.
        case face
        /// Midpoint of the eyes (ISO/IEC 19794-5 token images).
        case eyes
    }

    public enum SizeRule: String, Codable, CaseIterable, Sendable { case headLength, faceWidth, headWidth, eyeDistance }

    public enum PlacementRule: String, Codable, CaseIterable, Sendable {
        case crownMargin, chinMargin, eyeLineFromTop, eyeLineFromBottom
    }

    public func range(_ rule: SizeRule) -> PhotoSpec.Range? {
        switch rule {
        case .headLength: headLength
        case .faceWidth: faceWidth
        case .headWidth: headWidth
        case .eyeDistance: eyeDistance
        }
    }

    public func range(_ rule: PlacementRule) -> PhotoSpec.Range? {
        switch rule {
        case .crownMargin: crownMargin
        case .chinMargin: chinMargin
        case .eyeLineFromTop: eyeLineFromTop
        case .eyeLineFromBottom: eyeLineFromBottom
        }
    }

    /// Whether placing the head needs its outline (crown and width, from the person mask).
    public var needsHeadOutline: Bool {
        headLength != nil || headWidth != nil || crownMargin != nil
    }
}
