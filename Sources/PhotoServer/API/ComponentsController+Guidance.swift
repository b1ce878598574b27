import Foundation
import PhotoKit
import Vapor

/// `POST /api/v1/components/guidance`: the light check a capture page runs on a downscaled
/// live frame a few times a second. It measures the frame once (no crops, no encodes),
/// judges the measures a live frame can show with the thresholds of every spec a capture
/// must pass, and answers what to fix first, in Chinese and English.
extension ComponentsController {
    /// Measures judged live. Resolution-bound measures (eye distance in pixels, sharpness,
    /// compression, recapture) are left to the full-resolution master's preview: a frame
    /// scaled to 640 px would fail them for the wrong reason.
    static let liveMeasures: [QualityMeasure] = [
        .singleFace, .headSize, .yaw, .pitch, .roll, .eyesOpen, .eyesVisible, .mouthClosed, .expressionNeutral,
        .headCovering, .faceOcclusion, .glassesGlare, .exposure, .faceShadow, .illuminationUniformity, .backgroundUniformity,
    ]

    /// Where the middle of the face box may lie, in fractions of the frame's width and
    /// height, for the crops to have room on every side: the pages draw the head oval
    /// around this place (a little above the middle, leaving room for the shoulders).
    static let centredColumns = 0.25...0.75, centredRows = 0.2...0.65

    struct GuidanceAnswer: Content {
        /// Every live check passes or warns: the page may take the shot.
        var ready: Bool
        /// What to fix, most important first (empty when ready).
        var advice: [Guidance]
        var checks: [LiveCheck]
        var refusal: ProcessingReportRefusal?
        /// The face in fractions of the frame (0…1), for the overlay.
        var face: FaceFrame?
        var milliseconds: Double
    }

    struct LiveCheck: Content {
        var name: String
        var verdict: String
        var guidance: Guidance?
    }

    struct FaceFrame: Content {
        var left: Double, top: Double, right: Double, bottom: Double
    }

    func guidance(_ request: Request) async throws -> Response {
        let (bytes, _) = try read(request, allowingCaptureLinks: true)
        let pipeline = request.imaging.pipeline
        let started = Date()
        let report = try await offload(request) { try pipeline.process(bytes, specs: ["master"]).report }
        let milliseconds = (Date().timeIntervalSince(started) * 10_000).rounded() / 10
        if let refusal = report.refusal, report.quality == nil {
            throw APIError.refusal(code: refusal.code, message: refusal.message)
        }
        var checks = Self.judgeLive(report, pipeline: pipeline)
        var face: FaceFrame?
        if let box = report.face?.box, let width = report.input.width, let height = report.input.height, width > 0, height > 0 {
            let frame = FaceFrame(left: box.left / Double(width), top: box.top / Double(height),
                                  right: box.right / Double(width), bottom: box.bottom / Double(height))
            face = frame
            let advice = Self.framingAdvice(x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2)
            checks.insert(LiveCheck(name: "centred", verdict: advice == nil ? "pass" : "fail", guidance: advice), at: 1)
        }
        let failing = checks.filter { $0.verdict == "fail" }
        let answer = GuidanceAnswer(ready: report.refusal == nil && failing.isEmpty && face != nil,
                                    advice: Self.unique(failing.compactMap(\.guidance)), checks: checks,
                                    refusal: report.refusal.map { .init(code: $0.code, message: $0.message) },
                                    face: face, milliseconds: milliseconds)
        return try await APIResponse.json(answer)
    }

    /// What moves the face (its middle at `x`, `y` in fractions of the frame) into the oval;
    /// nil when it is there. Up and down only: left and right swap in a mirrored preview.
    static func framingAdvice(x: Double, y: Double) -> Guidance? {
        if y < centredRows.lowerBound { return Guidance(zh: "头部太靠上，请把头放低到椭圆框内（或把相机调高）", en: "The head is too high: lower it into the oval (or raise the camera)") }
        if y > centredRows.upperBound { return Guidance(zh: "头部太靠下，请把头抬高到椭圆框内（或把相机调低）", en: "The head is too low: raise it into the oval (or lower the camera)") }
        if !centredColumns.contains(x) { return Guidance(zh: "请移到画面中间的椭圆框内", en: "Move to the middle, into the oval") }
        return nil
    }

    /// The live measures, each judged with the thresholds of every spec acceptance needs;
    /// a measure's verdict is its worst.
    static func judgeLive(_ report: ProcessingReport, pipeline: PhotoPipeline) -> [LiveCheck] {
        guard let measured = report.quality?.spec("master") else { return [] }
        var raw: [QualityMeasure: RawMeasurement] = [:]
        for measure in measured.measures {
            raw[measure.name] = measure.raw.map { .value($0, measure.detail) } ?? .unknown(measure.reason ?? "not measured")
        }
        let judged = CaptureAcceptance.requiredSpecs.sorted().compactMap { pipeline.catalog.spec($0) }
            .map { pipeline.assessor.judge(raw, spec: $0, photo: nil) }
        return liveMeasures.map { name in
            let results = judged.compactMap { $0.measure(name) }
            let worst = results.max { $0.verdict < $1.verdict }
            return LiveCheck(name: name.rawValue, verdict: worst?.verdict.rawValue ?? "unknown",
                             guidance: worst?.verdict == .fail ? worst?.guidance : nil)
        }
    }

    private static func unique(_ advice: [Guidance]) -> [Guidance] {
        var seen = Set<String>()
        return advice.filter { seen.insert($0.en).inserted }
    }
}
