import Foundation

/// The person cut out of a crop on a reduced copy whose face is
/// `BackgroundReplacer.workingFaceWidth` wide: the backdrop modelled from the crop's
/// border and GrabCut seeded by the landmarks (`CutoutSegmenter`, torso below the chin
/// included), judged plain enough to separate. Background replacement then solves alpha
/// along its outline (`matte()`) and carries it back to the photo's size; on a window of
/// the master the cut-out alone is the person mask that gives the crown and the quality
/// measures' background region (`PersonCutoutSegmenter`): alpha would move its crown by
/// a pixel or two at this scale, for two thirds of the cost.
struct WorkingCutout {
    let backdrop: BackdropModel
    /// The crop reduced to the working scale, and crop → working coordinates.
    let work: Image
    let toWork: AffineTransform
    /// Certainly backdrop at the working scale (the border ring's backdrop-coloured pixels
    /// and what the master does not cover).
    let known: [Bool]
    let cut: CutoutSegmenter.Result
    let chinRow: Double
    /// `background_uniformity` of the backdrop the cut leaves above the chin.
    let uniformity: Double
    /// Wall-clock milliseconds of the stages so far.
    let milliseconds: [String: Double]

    /// Why a crop's person was not cut out, with what was learnt before giving up.
    struct Kept {
        var reason: String
        var backdrop: BackdropModel?
        var uniformity: Double?
    }

    enum Outcome {
        case cut(WorkingCutout)
        case kept(Kept)
    }

    /// `landmarks` in `crop`'s coordinates; `covered` marks the pixels that come from the
    /// master. `settings` gives the working face width, the band and the busy limit.
    static func make(_ crop: Image, landmarks: FaceLandmarks, covered: [Bool], settings: BackgroundReplacer,
                     segmenter: CutoutSegmenter = CutoutSegmenter()) throws -> Outcome {
        var stopwatch = Stopwatch()
        guard let backdrop = BackdropModel.estimate(crop, chinRow: landmarks.chin.y, covered: covered) else {
            return .kept(Kept(reason: "too little backdrop shows at the photo's border to model it"))
        }
        guard backdrop.borderAgreement >= BackgroundReplacer.minimumBorderAgreement else {
            return .kept(Kept(reason: String(format: "the photo's border is not one backdrop colour (%.0f %% of it near the median); kept as shot",
                                             100 * backdrop.borderAgreement), backdrop: backdrop))
        }
        stopwatch.lap("backdrop")

        // Working copy.
        let scale = min(1, settings.workingFaceWidth / landmarks.faceWidth)
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
        // Pixels the master does not cover hold the colour the renderer filled in (the target
        // colour), and the reduction mixes it into their neighbours along the master's edge:
        // those count as not covered too, and all are painted the backdrop's colour, so they
        // teach the cut's colour models nothing and the cut does not depend on which colour
        // the photo is being made for.
        if workCovered.contains(false) {
            // Eroded by the 3-px disc, OpenCV's cross: a pixel beside an uncovered one goes too.
            workCovered = try Image.gray(workCovered.map { $0 ? 255 : 0 }, width: ww, height: wh).morphed(.erode, diameter: 3).bytes.map { $0 == 255 }
            let paint = [UInt8(backdrop.blue.rounded()), UInt8(backdrop.green.rounded()), UInt8(backdrop.red.rounded())]
            work.withPixels { data, stride in
                for y in 0..<wh { for x in 0..<ww where !workCovered[y * ww + x] { for c in 0..<3 { data[y * stride + 3 * x + c] = paint[c] } } }
            }
        }
        let ring = BackdropModel.ring(size: work.size, chinRow: workLandmarks.chin.y, covered: workCovered)
        let workLab = labPixels(of: work)
        let known = (0..<(ww * wh)).map { !workCovered[$0] || (ring[$0] && workLab[$0].deltaE76(backdrop.lab) < BackgroundReplacer.seedDistance) }
        let backdropLike = workLab.map { $0.deltaE76(backdrop.lab) < BackgroundReplacer.backdropLikeDistance }
        let cut = try segmenter.segment(work, landmarks: workLandmarks, backdrop: known, backdropLike: backdropLike)
        stopwatch.lap("segmentation")

        // How plain is the backdrop the cut leaves (a little away from the person)?
        let margin = BackgroundReplacer.judgedMargin
        let nearPerson = try Image.gray(cut.person.map { $0 * 255 }, width: ww, height: wh).morphed(.dilate, diameter: 2 * margin + 1).bytes
        // Above the chin only, where an ID photo shows backdrop beside and over the head.
        let chinRow = Int(workLandmarks.chin.y)
        let region = (0..<(ww * wh)).map { workCovered[$0] && nearPerson[$0] == 0 && $0 / ww < chinRow }
        let plain = BackdropModel.uniformity(of: region, lab: workLab, width: ww)
        guard let plain, plain.value <= settings.busyAbove else {
            let reason = plain.map {
                String(format: "the backdrop is too busy to separate reliably (background_uniformity %.2f: texture %.2f, colour spread %.1f; limit %.2f); kept as shot",
                       $0.value, $0.texture, $0.spread, settings.busyAbove)
            } ?? "too little backdrop shows around the person to judge it; kept as shot"
            return .kept(Kept(reason: reason, backdrop: backdrop, uniformity: plain?.value))
        }

        return .cut(WorkingCutout(backdrop: backdrop, work: work, toWork: toWork, known: known, cut: cut,
                                  chinRow: workLandmarks.chin.y, uniformity: plain.value, milliseconds: stopwatch.laps))
    }

    /// Alpha at the working scale: information-flow matting in a narrow band along the
    /// cut's outline (wider around the hair), and the count of pixels solved.
    func matte(band: Trimap.Band) throws -> (alpha: AlphaMatte, unknownPixels: Int, milliseconds: [String: Double]) {
        var stopwatch = Stopwatch()
        let trimap = try Trimap.around(cut, backdrop: known, width: work.width, height: work.height, hairRow: chinRow, band: band)
        let alpha = try InformationFlowMatting.solve(work, trimap: trimap)
        stopwatch.lap("matting")
        return (alpha, trimap.unknownCount, milliseconds.merging(stopwatch.laps) { $1 })
    }
}
