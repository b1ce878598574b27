import Foundation
import Testing
@testable import PhotoKit

@Suite struct SpecCatalogTests {
    @Test func bundledCatalogHoldsEverySpecTheIssueNames() throws {
        let catalog = try SpecCatalog.bundled()
        let codes = Set(catalog.specs.map(\.code))
        for code in ["master", "cn-id-card", "cn-exit-entry", "cn-driver-license", "face-compare-hd", "cn-social-security",
                     "cn-exit-entry-print", "one-inch", "small-one-inch", "large-one-inch", "two-inch", "small-two-inch", "icao-35x45"] {
            #expect(codes.contains(code), "missing \(code)")
        }
        #expect(!catalog.version.isEmpty)
    }

    @Test func captureSpecsCarryTheStandardsFigures() throws {
        let catalog = try SpecCatalog.bundled()
        let id = try #require(catalog.spec("cn-id-card"))
        #expect(id.pixels == Size(width: 358, height: 441))
        #expect(id.dpi == 350)
        #expect(id.geometry?.faceWidth == .init(min: 193, max: 221, target: 207))
        #expect(id.geometry?.crownMargin?.min == 7 && id.geometry?.crownMargin?.max == 21)
        #expect(id.geometry?.eyeLineFromBottom?.min == 207)
        #expect(id.geometry?.placementPriority.first == .eyeLineFromBottom, "the eye-line rule wins over the crown rule")
        #expect(id.file.sizeKB?.min == 14 && id.file.sizeKB?.max == 20)
        #expect(id.confidence["fileSize"] == .M)

        let exit = try #require(catalog.spec("cn-exit-entry"))
        #expect(exit.pixels == Size(width: 354, height: 472) && exit.dpi == 300)
        #expect(exit.geometry?.headLength?.min == 331 && exit.geometry?.headLength?.max == 390)
        #expect(exit.geometry?.headWidth?.min == 248 && exit.geometry?.headWidth?.max == 283)
        #expect(exit.file.sizeKB?.min == 20 && exit.file.sizeKB?.max == 80)

        let driver = try #require(catalog.spec("cn-driver-license"))
        #expect(driver.pixels == Size(width: 260, height: 378))
        #expect(driver.geometry?.crownMargin?.min == 10 && driver.geometry?.crownMargin?.max == 20)
        #expect(driver.file.quality.min == 70)

        let hd = try #require(catalog.spec("face-compare-hd"))
        #expect(hd.pixels == Size(width: 480, height: 640))
        #expect(hd.geometry?.eyeDistance?.preferred == 120 && hd.geometry?.eyeLineFromTop?.preferred == 384)
        #expect(hd.resolution?.maxUpscale == 1 && hd.resolution?.minSourceEyeDistance == 120)
        #expect(catalog.colour(named: "blue") == RGBColor(red: 67, green: 142, blue: 219))
    }

    @Test func everySpecsMillimetresAgreeWithItsPixelsAndDpi() throws {
        for spec in try SpecCatalog.bundled().specs {
            guard let mm = spec.printMillimetres, let dpi = spec.dpi, let px = spec.pixels else { continue }
            #expect(abs(mm.width / 25.4 * Double(dpi) - Double(px.width)) <= 2, "\(spec.code)")
            #expect(abs(mm.height / 25.4 * Double(dpi) - Double(px.height)) <= 2, "\(spec.code)")
        }
    }

    private func brokenCatalog(_ spec: String, _ edit: (inout [String: Any]) -> Void) throws -> (URL, String) {
        try editedCatalog("specs/\(spec).json", edit)
    }

    @Test func missingFieldIsAStartUpErrorNamingFileAndField() throws {
        let (folder, path) = try brokenCatalog("cn-id-card") { $0["dpi"] = nil }
        #expect(throws: SpecCatalogError(file: path, field: "dpi", reason: "is missing")) { try SpecCatalog.load(from: folder) }
    }

    @Test func wrongTypeNamesTheNestedField() throws {
        let (folder, path) = try brokenCatalog("cn-driver-license") { json in
            var geometry = json["geometry"] as! [String: Any]
            geometry["crownMargin"] = ["min": "ten", "max": 20]
            json["geometry"] = geometry
        }
        let error = try #require(throws: SpecCatalogError.self) { try SpecCatalog.load(from: folder) }
        #expect(error.file == path)
        #expect(error.field == "geometry.crownMargin.min")
    }

    @Test func contradictoryFiguresAreRefused() throws {
        let (folder, path) = try brokenCatalog("cn-exit-entry") { json in
            var geometry = json["geometry"] as! [String: Any]
            geometry["headLength"] = ["min": 400, "max": 331]
            json["geometry"] = geometry
        }
        let error = try #require(throws: SpecCatalogError.self) { try SpecCatalog.load(from: folder) }
        #expect(error.file == path && error.field == "geometry.headLength")
        #expect(error.description.contains("min 400.0 is above max 331.0"))
    }

    @Test func unknownBackgroundColourAndPixelMismatchAreRefused() throws {
        let (colourFolder, _) = try brokenCatalog("one-inch") { $0["background"] = ["default": "purple", "allowed": ["purple"]] }
        #expect(throws: SpecCatalogError.self) { try SpecCatalog.load(from: colourFolder) }
        let (sizeFolder, _) = try brokenCatalog("two-inch") { $0["pixels"] = ["width": 413, "height": 600] }
        let error = try #require(throws: SpecCatalogError.self) { try SpecCatalog.load(from: sizeFolder) }
        #expect(error.field == "printMillimetres")
    }

    @Test func invalidJSONNamesTheFile() throws {
        let (folder, path) = try brokenCatalog("master") { _ in }
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SpecCatalogError.self) { try SpecCatalog.load(from: folder) }
        #expect(error.file == path && error.reason == "is not valid JSON")
    }
}
