import Foundation
import PhotoKit
import PhotoServer

/// Models and catalogs for the server tests, loaded once per test process.
enum TestImaging {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PHOTOONCE_FIXTURES"] ?? packageRoot.appendingPathComponent(".fixtures").path)
    static let portraits = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PHOTOONCE_PORTRAITS"]
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/portraits").path)
    static var portraitsAvailable: Bool { FileManager.default.fileExists(atPath: portraits.appendingPathComponent("deepface__img13.jpg").path) }

    static func fixture(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name))) }
    static func portrait(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: portraits.appendingPathComponent(name))) }

    /// The real catalog: the project's own portrait (a smiling astronaut before a flag) fails it.
    static let standard: ImagingServices = try! ImagingServices(catalogFolder: nil)

    /// A copy of the catalog in which exactly the thresholds the fixture portrait fails are
    /// widened around its measured values (thresholds are data), so it can stand for a
    /// passing capture in tests of the library; every other threshold is as shipped. All
    /// three encodings the tests upload are measured: the portrait's backdrop is near the
    /// busy limit, and the PNG's lossless pixels tip it over where the JPEG's do not.
    static let relaxed: ImagingServices = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("photoonce-relaxed-catalog-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        try! FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Sources/PhotoKit/Specs/Catalog"), to: folder)
        // Every encoding's value of each measure that fails in any of them.
        var values: [String: [Double]] = [:], failing: Set<String> = []
        for name in ["portrait.jpg", "portrait.png", "portrait.webp"] {
            let report = try! standard.pipeline.process(try! fixture(name)).report
            for spec in report.quality?.specs ?? [] {
                for measure in spec.measures {
                    values[measure.name.rawValue, default: []].append(measure.raw ?? 0)
                    if measure.verdict == .fail { failing.insert(measure.name.rawValue) }
                }
            }
        }
        let raws = values.filter { failing.contains($0.key) }
        let catalogFile = folder.appendingPathComponent("catalog.json")
        var catalog = try! JSONSerialization.jsonObject(with: Data(contentsOf: catalogFile)) as! [String: Any]
        var quality = catalog["quality"] as! [String: Any]
        for (name, values) in raws {
            let low = values.min()! - 1, high = values.max()! + 1
            quality[name] = ["pass": ["min": low, "max": high], "warn": ["min": low - 1, "max": high + 1], "note": "relaxed for tests"]
        }
        catalog["quality"] = quality
        catalog["version"] = "relaxed-for-tests"
        try! JSONSerialization.data(withJSONObject: catalog).write(to: catalogFile)
        let specs = folder.appendingPathComponent("specs")
        for file in try! FileManager.default.contentsOfDirectory(atPath: specs.path) {
            let url = specs.appendingPathComponent(file)
            var spec = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            if var overrides = spec["quality"] as? [String: Any] {
                for name in raws.keys { overrides[name] = nil }
                spec["quality"] = overrides
                try! JSONSerialization.data(withJSONObject: spec).write(to: url)
            }
        }
        return try! ImagingServices(catalogFolder: folder.path)
    }()
}
