import FluentKit
import Foundation
import PhotoKit

/// "No need to shoot again": for each spec, whether the person has a current photo that is
/// still inside the spec's reuse window, and when and where it was taken.
public struct ReuseStatus: Codable, Sendable {
    public var registered: Bool
    public var captureID: UUID?
    public var capturedAt: Date?
    public var site: SiteSummary?
    public var specs: [SpecStatus]

    public struct SiteSummary: Codable, Sendable {
        public var code: String
        public var name: String
    }

    public struct SpecStatus: Codable, Sendable {
        public var spec: String
        /// A photo exists and may still be reused (always true for the master when present).
        public var valid: Bool
        public var photoID: UUID?
        public var reuseMonths: Int?
        /// The last day the photo may be reused; nil without a window.
        public var validUntil: Date?
    }

    /// Judges `capture` (the person's current one, or nil) against each spec's window.
    public static func judge(_ capture: Capture?, registered: Bool, catalog: SpecCatalog, specs codes: [String] = SpecCatalog.captureSet,
                             now: Date = Date()) -> ReuseStatus {
        let calendar = CityTime.calendar
        let specs = codes.map { code -> SpecStatus in
            let months = catalog.spec(code)?.reuseMonths
            guard let capture, let photo = capture.$photos.value?.first(where: { $0.spec == code }) else {
                return SpecStatus(spec: code, valid: false, photoID: nil, reuseMonths: months, validUntil: nil)
            }
            let until = months.flatMap { calendar.date(byAdding: .month, value: $0, to: capture.capturedAt) }
            return SpecStatus(spec: code, valid: until.map { now <= $0 } ?? true, photoID: photo.id, reuseMonths: months, validUntil: until)
        }
        return ReuseStatus(registered: registered, captureID: capture?.id, capturedAt: capture?.capturedAt,
                           site: capture?.$site.value.map { SiteSummary(code: $0.code, name: $0.name) }, specs: specs)
    }
}
