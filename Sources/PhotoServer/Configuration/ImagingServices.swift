import Foundation
import PhotoKit

/// The loaded models and catalog, built once per process (loading takes most of a second
/// and a few hundred MB) and shared by every request.
public struct ImagingServices: Sendable {
    public let catalog: SpecCatalog
    public let pipeline: PhotoPipeline
    public let encoder: FaceEncoder

    public init(catalogFolder: String?) throws {
        let catalog = try catalogFolder.map { try SpecCatalog.load(from: URL(fileURLWithPath: $0)) } ?? SpecCatalog.bundled()
        self.catalog = catalog
        pipeline = PhotoPipeline(catalog: catalog, analyzer: try FaceAnalyzer())
        encoder = try FaceEncoder()
    }
}
