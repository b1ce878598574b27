import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gives a spec's crop its new background: models the backdrop from the crop's border,
/// cuts the person out with GrabCut on a reduced copy, solves a soft alpha in a narrow
/// band along the outline (information-flow matting), carries it back to full size along
/// the crop's own edges (guided filter), recovers the person's colours under the matte and
/// composites them onto the target colour. Works on the output-size crop, never the master.
///
/// A backdrop too busy to separate (the `background_uniformity` of what the cut-out leaves above the catalog's
/// warn limit) is not cut out: the crop is kept as shot and the report says why, rather
/// than shipping a ragged cut-out.
public struct BackgroundReplacer: Sendable {
    /// `background_uniformity` above which the backdrop is too busy to separate reliably.
    public var busyAbove: Double
    /// The cut-out and the matte are solved on a copy scaled so the face is this wide.
    public var workingFaceWidth: Double = 80
    /// Unknown band half-widths at the working scale.
    var band = Trimap.Band(hair: 2, body: 1)
    /// Border pixels closer than this (ΔE76) to the backdrop model seed "certainly backdrop";
    /// farther ones (hair reaching the top edge) are left for the cut-out to decide.
    static let seedDistance = 12.0
    /// The backdrop is judged this far (px at the working scale) from the cut's outline, so
    /// stray hairs and the outline's own blur do not count as backdrop texture.
    static let judgedMargin = 4
    /// Pixels this close (ΔE76) to the backdrop colour start the cut-out as probable backdrop.
    static let backdropLikeDistance = 8.0
    /// How far (in face widths) a cut-out's crown may lie below the person mask's (or the
    /// cut-out person's below GrabCut's head mask, `PersonCutoutSegmenter`) before
    /// the hair counts as lost. On the shared portraits the two agree within 1 px or the
    /// cut-out reaches higher (loose hair).
    static let crownLoss = 0.1
    /// Share of the border that must agree with its median colour for a backdrop model.
    static let minimumBorderAgreement = 0.5

    public init(busyAbove: Double) { self.busyAbove = busyAbove }

    /// CPU time consumed by the calling thread so far.
    static func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }

    /// The catalog's `background_uniformity` warn limit as the busy threshold.
    public init(catalog: SpecCatalog) {
        self.init(busyAbove: catalog.qualityDefaults[.backgroundUniformity]?.warn.max ?? 1.5)
    }

    public struct Outcome: Sendable {
        public var image: Image
        /// The matte at the crop's size (nil when the crop was kept as shot).
        public var matte: AlphaMatte?
        /// The person's recovered colours as b, g, r planes (meaningful where the matte is
        /// above 0); made into an image only on demand, since only the matting evaluation
        /// looks at them.
        var foregroundColours: [Plane]?
        public var report: BackgroundReport

        /// The person's recovered colours (meaningful where the matte is above 0).
        public func foreground() throws -> Image? {
            guard let foregroundColours, let matte else { return nil }
            let opaque = AlphaMatte(width: matte.width, height: matte.height, values: .init(repeating: 1, count: matte.width * matte.height))
            return try BackgroundCompositor.composite(foreground: foregroundColours, alpha: opaque, onto: .white)
        }
    }

    /// `landmarks` in the crop's coordinates; `covered` marks the crop's pixels that come
    /// from the master (the rest was filled with the target colour by the renderer).
    /// `expectedCrownRow`, when known, is where the person mask put the top of the head in
    /// the crop: a cut-out whose head ends well below it has lost the hair (dark hair on a
    /// dark backdrop), and the crop is kept as shot rather than shipped with the hair cut.
    public func replace(_ crop: Image, landmarks: FaceLandmarks, covered: [Bool], colour: RGBColor, name: String,
                        expectedCrownRow: Double? = nil) throws -> Outcome {
        var report = BackgroundReport(colour: name, hex: colour.hex, method: .keptAsShot, uniformityLimit: busyAbove)
        let cpuStart = Self.threadCPUMilliseconds()
        let cutout: WorkingCutout
        switch try WorkingCutout.make(crop, landmarks: landmarks, covered: covered, settings: self) {
        case let .kept(kept):
            report.backdrop = kept.backdrop?.rgb.hex
            report.backdropUniformity = kept.uniformity
            report.reason = kept.reason
            return Outcome(image: crop, matte: nil, foregroundColours: nil, report: report)
        case let .cut(cut):
            cutout = cut
        }
        let backdrop = cutout.backdrop
        report.backdrop = backdrop.rgb.hex
        report.backdropUniformity = cutout.uniformity
        let working = try cutout.matte(band: band)
        report.unknownPixels = working.unknownPixels
        var stopwatch = Stopwatch()

        // Back to the crop's size, with edges re-aligned to the crop's own detail.
        let upsampled = try working.alpha.image().resized(width: crop.width, height: crop.height, interpolation: .linear)
        let guide = try crop.converted(to: .float32, scale: 1.0 / 255)
        let radius = 2
        var matte = AlphaMatte(try upsampled.guidedFiltered(by: guide, radius: radius, eps: 1e-4))
        for i in matte.values.indices {
            let a = matte.values[i]
            matte.values[i] = !covered[i] || a < ForegroundEstimator.pureBackdrop ? 0 : (a > ForegroundEstimator.purePerson ? 1 : a)
        }
        stopwatch.lap("refine")
        if let expectedCrownRow, let matted = matte.crownRow(axis: landmarks.faceCentre.x, halfWidth: 0.3 * landmarks.faceWidth),
           Double(matted) - expectedCrownRow > Self.crownLoss * landmarks.faceWidth {
            report.reason = String(format: "the cut-out lost the top of the head (its crown %d px below the head's at row %.0f): hair and backdrop too alike; kept as shot",
                                   matted, expectedCrownRow)
            return Outcome(image: crop, matte: nil, foregroundColours: nil, report: report)
        }

        let estimate = ForegroundEstimator.estimate(crop, alpha: matte, covered: covered, backdrop: backdrop)
        matte = estimate.alpha
        let image = try BackgroundCompositor.composite(foreground: estimate.foreground, alpha: matte, onto: colour)
        stopwatch.lap("composite")
        report.method = .replaced
        report.milliseconds = working.milliseconds.merging(stopwatch.laps) { $1 }
        report.cpuMilliseconds = Self.threadCPUMilliseconds() - cpuStart
        return Outcome(image: image, matte: matte, foregroundColours: estimate.foreground, report: report)
    }
}

/// What happened to one photo's background; part of its report.
public struct BackgroundReport: Codable, Equatable, Sendable {
    /// The colour asked for: a catalog name or #RRGGBB.
    public var colour: String
    public var hex: String
    public var method: Method
    /// Why the photo was kept as shot.
    public var reason: String?
    /// The original backdrop's colour, read from the photo's border.
    public var backdrop: String?
    /// `background_uniformity` of the backdrop the cut-out leaves (texture + colour spread
    /// / 10, at the working scale).
    public var backdropUniformity: Double?
    public var uniformityLimit: Double
    /// Pixels whose alpha was solved (at the working scale).
    public var unknownPixels: Int?
    /// Milliseconds per stage (wall clock).
    public var milliseconds: [String: Double]?
    /// CPU time of this thread from the cut-out to the composite: the cost on one core,
    /// whatever else the machine runs.
    public var cpuMilliseconds: Double?

    public enum Method: String, Codable, Sendable {
        /// Person matted and composited onto the colour.
        case replaced
        /// The backdrop was too busy or too little of it showed: the crop as shot.
        case keptAsShot = "kept_as_shot"
    }

    init(colour: String, hex: String, method: Method, uniformityLimit: Double) {
        self.colour = colour
        self.hex = hex
        self.method = method
        self.uniformityLimit = uniformityLimit
    }
}
