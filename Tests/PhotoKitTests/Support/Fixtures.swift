import Foundation
import PhotoKit

/// Where the tests find their images. The project's own fixtures are made by
/// `scripts/fixtures` (in `.fixtures/`); the shared real portraits live beside the project
/// (`../shared/testdata/portraits`) and are not committed. Both can be moved with
/// PHOTOONCE_FIXTURES and PHOTOONCE_PORTRAITS.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let folder: URL = {
        if let dir = ProcessInfo.processInfo.environment["PHOTOONCE_FIXTURES"] { return URL(fileURLWithPath: dir) }
        return packageRoot.appendingPathComponent(".fixtures")
    }()

    static let portraitsFolder: URL = {
        if let dir = ProcessInfo.processInfo.environment["PHOTOONCE_PORTRAITS"] { return URL(fileURLWithPath: dir) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/portraits")
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(".complete").path) }
    static var portraitsAvailable: Bool { FileManager.default.fileExists(atPath: portraitsFolder.path) }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func portrait(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: portraitsFolder.appendingPathComponent(name)))
    }

    /// Shared portraits that show one whole frontal head (chosen by looking at each).
    static let wholeFrontalHeads = [
        "deepface__img11.jpg", "deepface__img13.jpg", "deepface__img20.jpg", "deepface__img21.jpg",
        "deepface__img25.jpg", "deepface__img40.jpg", "facerec__alex-lacamoire.png", "facerec__alex_lacamoire1.jpg",
        "facerec__biden.jpg", "facerec__biden2.jpg", "facerec__lin-manuel-miranda.png", "facerec__obama-1080p.jpg",
        "facerec__obama.jpg", "hivision__test0.jpg", "libfacedet__keliamoniz1.jpg", "skimage__astronaut.png",
    ]

    static let missingFixtures = "fixtures missing: run scripts/fixtures (make test does)"
    static let missingPortraits = "shared portraits not found at ../shared/testdata/portraits (set PHOTOONCE_PORTRAITS)"
}

/// A copy of the bundled catalog in a temporary folder with one JSON file (path relative to
/// the catalog folder) edited; returns the folder and the edited file's path.
func editedCatalog(_ file: String, _ edit: (inout [String: Any]) -> Void) throws -> (URL, String) {
    guard let source = SpecCatalog.bundledFolder else { throw CocoaError(.fileNoSuchFile) }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: folder)
    let path = folder.appendingPathComponent(file)
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as! [String: Any]
    edit(&json)
    try JSONSerialization.data(withJSONObject: json).write(to: path)
    return (folder, path.path)
}

/// One pipeline for the whole test run: the landmark model loads once.
let sharedPipeline: PhotoPipeline? = {
    guard let catalog = try? SpecCatalog.bundled(), let analyzer = try? FaceAnalyzer() else { return nil }
    return PhotoPipeline(catalog: catalog, analyzer: analyzer)
}()

let modelsAvailable = sharedPipeline != nil
