import Foundation
import Testing
@testable import PhotoKit

@Suite struct QualityBandsTests {
    let yaw = QualityBands(pass: .init(min: -12, max: 12), warn: .init(min: -18, max: 18))
    let sharpness = QualityBands(pass: .init(min: 1.4), warn: .init(min: 1.2))

    @Test func verdictFollowsTheBands() {
        #expect(yaw.verdict(0) == .pass && yaw.verdict(12) == .pass)
        #expect(yaw.verdict(-15) == .warn && yaw.verdict(18) == .warn)
        #expect(yaw.verdict(19) == .fail && yaw.verdict(-40) == .fail)
        #expect(sharpness.verdict(3) == .pass && sharpness.verdict(1.3) == .warn && sharpness.verdict(1.0) == .fail)
    }

    @Test func scoreAgreesWithTheVerdictAndFallsAwayFromThePassRange() {
        for value in stride(from: -40.0, through: 40, by: 0.5) {
            let score = yaw.score(value)
            switch yaw.verdict(value) {
            case .pass: #expect(score >= 70 && score <= 100, "\(value): \(score)")
            case .warn: #expect(score >= 40 && score <= 70, "\(value): \(score)")
            default: #expect(score >= 0 && score <= 40, "\(value): \(score)")
            }
            if value > 0 { #expect(yaw.score(value) <= yaw.score(value - 0.5) + 1e-9) }
        }
        #expect(yaw.score(0) == 100 && yaw.score(60) == 0)
        #expect(sharpness.score(5) == 100 && sharpness.score(0.5) == 0)
    }

    @Test func guidanceSaysWhichWayToGo() {
        #expect(yaw.side(of: 20) == .high && yaw.side(of: -20) == .low && yaw.side(of: 0) == nil)
        let dark = QualityGuidance.guidance(for: .exposure, side: .low), bright = QualityGuidance.guidance(for: .exposure, side: .high)
        #expect(dark.en.contains("dark") && bright.en.contains("bright"))
        #expect(!dark.zh.isEmpty && dark.zh != bright.zh)
    }

    @Test func everyMeasureHasDefaultsAndGuidanceInBothLanguages() throws {
        let catalog = try SpecCatalog.bundled()
        #expect(QualityMeasure.allCases.count == 25)
        for measure in QualityMeasure.allCases {
            let bands = try #require(catalog.qualityDefaults[measure])
            #expect(bands.note?.isEmpty == false, "\(measure.rawValue) needs a note saying where its figures come from")
            for side in [QualityBands.Side.low, .high] {
                let guidance = QualityGuidance.guidance(for: measure, side: side)
                #expect(!guidance.zh.isEmpty && !guidance.en.isEmpty)
            }
        }
        let hd = try #require(catalog.spec("face-compare-hd")), id = try #require(catalog.spec("cn-id-card"))
        #expect(catalog.qualityBands(.interEyeDistance, spec: hd).pass.min == 120, "the HD photo is never upscaled")
        #expect(catalog.qualityBands(.interEyeDistance, spec: id).pass.min == 90)
    }

    @Test func catalogWithoutAMeasuresDefaultIsRefused() throws {
        let (folder, path) = try editedCatalog("catalog.json") { json in
            var quality = json["quality"] as! [String: Any]
            quality["sharpness"] = nil
            json["quality"] = quality
        }
        let error = try #require(throws: SpecCatalogError.self) { try SpecCatalog.load(from: folder) }
        #expect(error.file == path && error.field == "quality.sharpness")
    }

    @Test func unknownMeasureAndPassOutsideWarnAreRefused() throws {
        let (unknown, _) = try editedCatalog("specs/cn-id-card.json") { json in
            json["quality"] = ["smile": ["pass": ["max": 1], "warn": ["max": 2]]]
        }
        let error = try #require(throws: SpecCatalogError.self) { try SpecCatalog.load(from: unknown) }
        #expect(error.field == "quality.smile" && error.reason.contains("unknown measure"))
        let (inverted, _) = try editedCatalog("specs/cn-id-card.json") { json in
            json["quality"] = ["yaw": ["pass": ["min": -20, "max": 20], "warn": ["min": -10, "max": 10]]]
        }
        let second = try #require(throws: SpecCatalogError.self) { try SpecCatalog.load(from: inverted) }
        #expect(second.field == "quality.yaw.pass" && second.reason.contains("inside the warn range"))
    }
}
