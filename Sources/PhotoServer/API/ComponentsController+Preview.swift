import Foundation
import PhotoKit
import Vapor

/// `POST /api/v1/components/preview`: what `POST /api/v1/captures` would make of a master,
/// without storing anything — the capture set's photos (as data URLs, with their pixel
/// sizes), the quality report, and whether the library would accept it. The station shows
/// this before the operator presses Accept.
extension ComponentsController {
    struct PreviewAnswer: Content {
        var verdict: String
        /// The library would accept this master (the master and the certificate photos pass or warn).
        var accepted: Bool
        /// Failing measures of the specs acceptance needs.
        var failing: [String]
        var refusal: ProcessingReportRefusal?
        var photos: [PreviewPhoto]
        var omitted: [CaptureAcceptance.Omission]
        var quality: QualityReport?
    }

    struct PreviewPhoto: Content {
        var spec: String
        var status: String
        var width: Int?
        var height: Int?
        var kilobytes: Double?
        var compliant: Bool
        /// `data:image/jpeg;base64,…`; nil when the photo was not made.
        var dataURL: String?
        var refusal: ProcessingReportRefusal?
    }

    func preview(_ request: Request) async throws -> Response {
        let (bytes, _) = try read(request, allowingCaptureLinks: true)
        let pipeline = request.imaging.pipeline
        let result = try await offload(request) { try pipeline.process(bytes) }
        let report = result.report
        if let refusal = report.refusal, report.quality == nil {
            throw APIError.refusal(code: refusal.code, message: refusal.message)
        }
        let acceptance = CaptureAcceptance(report)
        let photos = report.photos.map { photo in
            PreviewPhoto(spec: photo.spec, status: photo.status.rawValue, width: photo.pixels?.width, height: photo.pixels?.height,
                         kilobytes: photo.kilobytes, compliant: photo.compliant,
                         dataURL: result.photos[photo.spec].map { "data:image/jpeg;base64," + Data($0).base64EncodedString() },
                         refusal: photo.refusal.map { .init(code: $0.code, message: $0.message) })
        }
        let answer = PreviewAnswer(verdict: report.quality?.verdict.rawValue ?? "unknown",
                                   accepted: report.refusal == nil && acceptance.accepted, failing: acceptance.failing,
                                   refusal: report.refusal.map { .init(code: $0.code, message: $0.message) },
                                   photos: photos, omitted: acceptance.omitted, quality: report.quality)
        return try await APIResponse.json(answer)
    }
}
