import PhotoKit
import PhotoStore

/// Which photos of a processed master the library keeps. A capture is accepted when the
/// master and the three certificate photos pass or warn; a derived photo that fails its own
/// check (the HD face-comparison photo needs a sharper or wider master) is left out and said
/// so, rather than refusing the photos the citizen came for.
struct CaptureAcceptance: Sendable {
    /// Specs that must not fail for the capture to be accepted.
    static let requiredSpecs: Set<String> = ["master", "cn-id-card", "cn-exit-entry", "cn-driver-license"]

    struct Omission: Codable, Sendable {
        var spec: String
        var reason: String
    }

    /// Failing measures of the required specs; empty when accepted.
    let failing: [String]
    /// Specs whose photo is stored.
    let kept: Set<String>
    let omitted: [Omission]
    var accepted: Bool { failing.isEmpty }

    init(_ report: ProcessingReport) {
        var failing = Set<String>(), kept = Set<String>(), omitted: [Omission] = []
        for photo in report.photos {
            let quality = report.quality?.spec(photo.spec)
            if Self.requiredSpecs.contains(photo.spec) { failing.formUnion(quality?.failing.map(\.rawValue) ?? []) }
            if photo.status == .refused {
                omitted.append(.init(spec: photo.spec, reason: photo.refusal?.message ?? "not produced"))
            } else if let quality, quality.verdict == .fail {
                omitted.append(.init(spec: photo.spec, reason: "failed its quality check: " + quality.failing.map(\.rawValue).joined(separator: ", ")))
            } else {
                kept.insert(photo.spec)
            }
        }
        self.failing = failing.sorted()
        self.kept = kept
        self.omitted = omitted
    }

    /// Writes the kept photos to the blob store (blocking, durable): the first half of
    /// storing a capture; the rows follow in `PhotoLibrary.record`.
    func storeKeptPhotos(of result: PhotoPipeline.Result, in library: PhotoLibrary) throws -> [StoredPhoto] {
        try result.report.photos.compactMap { photo in
            guard kept.contains(photo.spec), let bytes = result.photos[photo.spec], let pixels = photo.pixels else { return nil }
            return try library.storeBlob(spec: photo.spec, bytes: bytes, width: pixels.width, height: pixels.height, background: photo.background)
        }
    }
}
