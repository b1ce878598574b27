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
    /// How far (in face widths) the cut-out's crown may lie below the head mask's before
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
        /// The person's recovered colours (meaningful where the matte is above 0).
        public var foreground: Image?
        public var report: BackgroundReport
    }

    /// `landmarks` in the crop's coordinates; `covered` marks the crop's pixels that come
    /// from the master (the rest was filled with the target colour by the renderer).
    /// `expectedCrownRow`, when known, is where the head mask put the top of the head in
    /// the crop: a cut-out whose head ends well below it has lost the hair (dark hair on a
    /// dark backdrop), and the crop is kept as shot rather than shipped with the hair cut.
    public func replace(_ crop: Image, landmarks: FaceLandmarks, covered: [Bool], colour: RGBColor, name: String,
                        expectedCrownRow: Double? = nil) throws -> Outcome {
        var timings: [String: Double] = [:]
        var clock = ContinuousClock.now
        func lap(_ stage: String) {
            let now = ContinuousClock.now
            timings[stage] = (now - clock).milliseconds
            clock = now
        }
        var report = BackgroundReport(colour: name, hex: colour.hex, method: .keptAsShot, uniformityLimit: busyAbove)
        guard let backdrop = BackdropModel.estimate(crop, chinRow: landmarks.chin.y, covered: covered) else {
            report.reason = "too little backdrop shows at the photo's border to model it"
            return Outcome(image: crop, matte: nil, foreground: nil, report: report)
        }
        report.backdrop = backdrop.rgb.hex
        guard backdrop.borderAgreement >= Self.minimumBorderAgreement else {
            report.reason = String(format: "the photo's border is not one backdrop colour (%.0f %% of it near the median); kept as shot",
                                   100 * backdrop.borderAgreement)
            return Outcome(image: crop, matte: nil, foreground: nil, report: report)
        }
        lap("backdrop")

        let cpuStart = Self.threadCPUMilliseconds()
        // Working copy.
        let scale = min(1, workingFaceWidth / landmarks.faceWidth)
        let ww = max(16, Int((Double(crop.width) * scale).rounded())), wh = max(16, Int((Double(crop.height) * scale).rounded()))
        let work = try crop.resized(width: ww, height: wh, interpolation: .area)
        let kx = Double(ww) / Double(crop.width), ky = Double(wh) / Double(crop.height)
        let toWork = AffineTransform(a: kx, b: 0, c: 0.5 * kx - 0.5, d: 0, e: ky, f: 0.5 * ky - 0.5)
        let workLandmarks = landmarks.transformed(by: toWork)
        var workCovered = [Bool](repeating: true, count: ww * wh)
        for y in 0..<wh {
            for x in 0..<ww {
                let sx = min(crop.width - 1, Int((Double(x) + 0.5) / kx)), sy = min(crop.height - 1, Int((Double(y) + 0.5) / ky))
                workCovered[y * ww + x] = covered[sy * crop.width + sx]
            }
        }
        let ring = BackdropModel.ring(size: work.size, chinRow: workLandmarks.chin.y, covered: workCovered)
        let workLab = labPixels(of: work)
        let known = (0..<(ww * wh)).map { !workCovered[$0] || (ring[$0] && workLab[$0].deltaE76(backdrop.lab) < Self.seedDistance) }
        let backdropLike = workLab.map { $0.deltaE76(backdrop.lab) < Self.backdropLikeDistance }
        let cut = try CutoutSegmenter().segment(work, landmarks: workLandmarks, backdrop: known, backdropLike: backdropLike)
        lap("segmentation")

        // How plain is the backdrop the cut leaves (a little away from the person)?
        let nearPerson = try Image.gray(cut.person.map { $0 * 255 }, width: ww, height: wh).morphed(.dilate, diameter: 2 * Self.judgedMargin + 1).bytes
        // Above the chin only, where an ID photo shows backdrop beside and over the head.
        let chinRow = Int(workLandmarks.chin.y)
        let region = (0..<(ww * wh)).map { workCovered[$0] && nearPerson[$0] == 0 && $0 / ww < chinRow }
        let plain = BackdropModel.uniformity(of: region, lab: workLab, width: ww)
        report.backdropUniformity = plain?.value
        guard let plain, plain.value <= busyAbove else {
            report.reason = plain.map {
                String(format: "the backdrop is too busy to separate reliably (background_uniformity %.2f: texture %.2f, colour spread %.1f; limit %.2f); kept as shot",
                       $0.value, $0.texture, $0.spread, busyAbove)
            } ?? "too little backdrop shows around the person to judge it; kept as shot"
            return Outcome(image: crop, matte: nil, foreground: nil, report: report)
        }

        let trimap = try Trimap.around(cut, backdrop: known, width: ww, height: wh, hairRow: workLandmarks.chin.y, band: band)
        let workAlpha = try InformationFlowMatting.solve(work, trimap: trimap)
        report.unknownPixels = trimap.unknownCount
        lap("matting")

        // Back to the crop's size, with edges re-aligned to the crop's own detail.
        let upsampled = try workAlpha.image().resized(width: crop.width, height: crop.height, interpolation: .linear)
        let guide = try crop.converted(to: .float32, scale: 1.0 / 255)
        let radius = 2
        var matte = AlphaMatte(try upsampled.guidedFiltered(by: guide, radius: radius, eps: 1e-4))
        for i in matte.values.indices {
            let a = matte.values[i]
            matte.values[i] = !covered[i] || a < ForegroundEstimator.pureBackdrop ? 0 : (a > ForegroundEstimator.purePerson ? 1 : a)
        }
        lap("refine")
        if let expectedCrownRow, let matted = matte.crownRow(axis: landmarks.faceCentre.x, halfWidth: 0.3 * landmarks.faceWidth),
           Double(matted) - expectedCrownRow > Self.crownLoss * landmarks.faceWidth {
            report.reason = String(format: "the cut-out lost the top of the head (its crown %d px below the head's at row %.0f): hair and backdrop too alike; kept as shot",
                                   matted, expectedCrownRow)
            return Outcome(image: crop, matte: nil, foreground: nil, report: report)
        }

        let estimate = ForegroundEstimator.estimate(crop, alpha: matte, covered: covered, backdrop: backdrop)
        matte = estimate.alpha
        let image = try BackgroundCompositor.composite(foreground: estimate.foreground, alpha: matte, onto: colour)
        lap("composite")
        report.method = .replaced
        report.milliseconds = timings
        report.cpuMilliseconds = Self.threadCPUMilliseconds() - cpuStart
        let foregroundImage = try BackgroundCompositor.composite(foreground: estimate.foreground,
                                                                 alpha: AlphaMatte(width: crop.width, height: crop.height, values: .init(repeating: 1, count: crop.width * crop.height)),
                                                                 onto: colour)
        return Outcome(image: image, matte: matte, foreground: foregroundImage, report: report)
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
