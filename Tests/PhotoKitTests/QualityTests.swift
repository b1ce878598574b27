import Foundation
import Testing
@testable import PhotoKit

/// The quality measures on the project's own portrait and on defects made from it: each
/// defect must fail the measure that names it, and the untouched portrait must not.
@Suite(.enabled(if: Fixtures.available && modelsAvailable, Comment(rawValue: "fixtures or models missing: run scripts/bootstrap --test")))
struct QualityTests {
    let pipeline = sharedPipeline!

    func quality(_ bytes: [UInt8], spec: String = "cn-id-card") throws -> SpecQuality {
        let report = try pipeline.process(bytes, specs: [spec]).report
        let quality = try #require(report.quality)
        #expect(quality.catalogVersion == pipeline.catalog.version)
        return try #require(quality.spec(spec))
    }

    func portrait() throws -> (image: Image, landmarks: FaceLandmarks) {
        let found = try pipeline.findFace(in: try Fixtures.bytes("portrait.jpg")).get()
        return (found.decoded.image, found.landmarks)
    }

    func expectFails(_ measure: QualityMeasure, _ bytes: [UInt8], _ what: String) throws {
        let result = try quality(bytes)
        let m = try #require(result.measure(measure))
        #expect(m.verdict == .fail, "\(what): \(measure.rawValue) = \(m.raw.map { String($0) } ?? "nil") \(m.reason ?? "")")
        #expect(m.guidance != nil, "a failed measure tells the person what to do")
        #expect(result.verdict == .fail)
    }

    @Test func reportListsEveryMeasureWithScoresAndGuidance() throws {
        let report = try pipeline.process(try Fixtures.bytes("portrait.jpg")).report
        let quality = try #require(report.quality)
        #expect(quality.specs.map(\.spec) == SpecCatalog.captureSet)
        for spec in quality.specs {
            #expect(spec.measures.map(\.name) == QualityMeasure.allCases)
            #expect(spec.verdict == spec.measures.map(\.verdict).max())
            for m in spec.measures {
                if m.verdict == .unknown {
                    #expect(m.raw == nil && m.reason != nil, "\(m.name.rawValue) unknown without a reason")
                } else {
                    let score = try #require(m.score)
                    #expect((0...100).contains(score))
                    #expect((m.verdict == .pass) == (m.guidance == nil), "\(m.name.rawValue): guidance only when not passing")
                }
            }
        }
        #expect(quality.verdict == quality.specs.map(\.verdict).max())
        let hd = try #require(quality.spec("face-compare-hd")?.measure(.interEyeDistance))
        let id = try #require(quality.spec("cn-id-card")?.measure(.interEyeDistance))
        #expect(hd.raw == id.raw, "one raw value, judged per spec")
    }

    @Test func cleanPortraitPassesTheMeasuresItDoesNotViolate() throws {
        // The astronaut smiles (teeth shown) in front of a flag: those measures may fail.
        let allowed: Set<QualityMeasure> = [.mouthClosed, .expressionNeutral, .backgroundUniformity, .backgroundShadow]
        let result = try quality(try Fixtures.bytes("portrait.jpg"))
        let failed = Set(result.failing).subtracting(allowed)
        #expect(failed.isEmpty, "clean portrait failed \(failed.map(\.rawValue))")
        #expect(result.measure(.mouthClosed)?.verdict == .fail, "the astronaut shows her teeth")
    }

    @Test func blurFailsSharpness() throws {
        try expectFails(.sharpness, Defects.jpeg(Defects.blurred(portrait().image, factor: 6)), "blurred")
    }

    @Test func underAndOverExposureFailExposure() throws {
        try expectFails(.exposure, Defects.jpeg(Defects.exposed(portrait().image, stops: -2)), "−2 EV")
        try expectFails(.exposure, Defects.jpeg(Defects.exposed(portrait().image, stops: 2)), "+2 EV")
    }

    @Test func grayPhotoFailsNaturalColour() throws {
        try expectFails(.naturalColour, Defects.jpeg(Defects.gray(portrait().image)), "gray")
    }

    @Test func blueCastFailsNaturalColourThroughTheFramesBalance() throws {
        let image = try portrait().image
        let clean = try #require(try quality(Defects.jpeg(image)).measure(.naturalColour))
        let cast = try #require(try quality(Defects.jpeg(Defects.cast(image, blue: 1, green: 0.8, red: 0.55))).measure(.naturalColour))
        let before = try #require(clean.detail?["coolness"]), after = try #require(cast.detail?["coolness"])
        #expect(before < ColourMeasure.coolnessMargin, "the clean portrait is not cool: \(before)")
        // Every reference (cheeks, lips, sclera, edges) moves by log(1/0.55) = 0.60.
        #expect(abs(after - before - log(1 / 0.55)) < 0.12, "coolness \(before) → \(after)")
        #expect(cast.verdict == .fail)
        let wedge = try #require(cast.detail?["wedge"])
        #expect(try #require(cast.raw) > wedge + 5, "the frame's coolness adds to the skin wedge")
    }

    @Test func eyesShowTheirDarkPartAtAnyExposureButNotBehindSkin() throws {
        let (image, l) = try portrait()
        func darkness(_ bytes: [UInt8]) throws -> (Double, QualityVerdict) {
            let m = try #require(try quality(bytes).measure(.eyesVisible))
            let d = try #require(m.detail)
            return (min(try #require(d["leftDarkness"]), try #require(d["rightDarkness"])), m.verdict)
        }
        let (clean, cleanVerdict) = try darkness(Defects.jpeg(image))
        let (darker, _) = try darkness(Defects.jpeg(Defects.exposed(image, stops: -1)))
        #expect(clean > 60 && cleanVerdict == .pass, "open eyes: \(clean) %")
        #expect(abs(darker - clean) < 10, "relative to the skin, so exposure hardly matters: \(clean) → \(darker)")
        // Skin from the cheek copied over each eye: texture, but no pupil, iris or lashes.
        let covered = try image.converted(to: .uint8)
        let ed = l.eyeDistance, cheekY = Int(l.noseTip.y - 0.15 * ed)
        covered.withPixels { data, stride in
            for eye in [l.leftEye, l.rightEye] {
                let x0 = Int(eye.map(\.x).min()! - 0.1 * ed), x1 = Int(eye.map(\.x).max()! + 0.1 * ed)
                let y0 = Int(eye.map(\.y).min()! - 0.1 * ed), y1 = Int(eye.map(\.y).max()! + 0.1 * ed)
                for y in y0..<y1 { for x in (x0 * 3)..<(x1 * 3) { data[y * stride + x] = data[(cheekY + y - y0) * stride + x] } }
            }
        }
        let (hidden, hiddenVerdict) = try darkness(Defects.jpeg(covered))
        #expect(hidden < 37.5 && hiddenVerdict == .fail, "eyes covered by skin: \(hidden) %")
    }

    @Test func tiltedHeadFailsRoll() throws {
        let (image, l) = try portrait()
        // Only head and shoulders: turned, the suit's mission patch can pass for a face.
        let rolled = try Defects.rolled(image, degrees: 15, about: l.eyeCentre)
        let top = try rolled.cropped(to: PixelRect(x: 0, y: 0, width: image.width, height: Int(l.chin.y + 0.9 * l.eyeDistance)))
        try expectFails(.roll, Defects.jpeg(top), "rolled 15°")
    }

    @Test func heavyCompressionFailsCompression() throws {
        try expectFails(.compression, Defects.jpeg(portrait().image, quality: 5), "JPEG q5")
    }

    @Test func patchOverTheEyesFailsEyesVisible() throws {
        let (image, l) = try portrait()
        let ed = l.eyeDistance
        let xs = (Array(l.leftEye) + Array(l.rightEye)).map(\.x)
        let rect = PixelRect(x: Int(xs.min()! - 0.3 * ed), y: Int(l.eyeCentre.y - 0.35 * ed),
                             width: Int(xs.max()! - xs.min()! + 0.6 * ed), height: Int(0.7 * ed))
        try expectFails(.eyesVisible, Defects.jpeg(Defects.patched(image, rect)), "eye patch")
    }

    @Test func patchOverTheMouthFailsFaceOcclusion() throws {
        let (image, l) = try portrait()
        let ed = l.eyeDistance, lips = l.points[48...59]
        let xs = lips.map(\.x), ys = lips.map(\.y)
        let rect = PixelRect(x: Int(xs.min()! - 0.25 * ed), y: Int(ys.min()! - 0.25 * ed),
                             width: Int(xs.max()! - xs.min()! + 0.5 * ed), height: Int(ys.max()! - ys.min()! + 0.5 * ed))
        try expectFails(.faceOcclusion, Defects.jpeg(Defects.patched(image, rect)), "mouth patch")
    }

    @Test func photoOfAScreenFailsRecapture() throws {
        try expectFails(.recapture, Defects.jpeg(Defects.screenRecapture(portrait().image), quality: 92), "screen")
    }

    @Test func tinyFaceFailsInterEyeDistance() throws {
        let image = try portrait().image
        let small = try image.resized(width: image.width / 6, height: image.height / 6)
        try expectFails(.interEyeDistance, Defects.jpeg(small), "tiny")
    }

    @Test func cutCrownFailsCropMargins() throws {
        let (image, l) = try portrait()
        let top = Int(l.eyeCentre.y - 0.9 * l.eyeDistance)
        let cut = try image.cropped(to: PixelRect(x: 0, y: top, width: image.width, height: image.height - top))
        try expectFails(.cropMargins, Defects.jpeg(cut), "crown cut")
    }

    @Test func twoFacesAreRefusedWithSingleFaceFailed() throws {
        let report = try pipeline.process(try Fixtures.bytes("two-faces.jpg"), specs: ["cn-id-card"]).report
        #expect(report.refusal?.code == "multiple_faces")
        let spec = try #require(report.quality?.spec("cn-id-card"))
        #expect(spec.measure(.singleFace)?.verdict == .fail && spec.measure(.singleFace)?.raw == 2)
        #expect(spec.measures.filter { $0.name != .singleFace }.allSatisfy { $0.verdict == .unknown && $0.reason != nil })
    }

    @Test func notAnImageHasNoQualityReport() throws {
        let report = try pipeline.process(try Fixtures.bytes("text.jpg"), specs: ["cn-id-card"]).report
        #expect(report.refusal != nil && report.quality == nil)
    }
}
