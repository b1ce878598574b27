import Foundation
import Testing
@testable import PhotoKit

@Suite(.enabled(if: Fixtures.available && modelsAvailable, Comment(rawValue: "fixtures or models missing: run scripts/bootstrap --test")))
struct PipelineTests {
    let pipeline = sharedPipeline!

    /// Checks one produced photo against its spec from the report and the bytes.
    func expectMeetsSpec(_ photo: PhotoReport, bytes: [UInt8], source: String) throws {
        let spec = try #require(pipeline.catalog.spec(photo.spec))
        #expect(photo.status == .produced, "\(source) \(photo.spec): \(photo.refusal?.message ?? "")")
        guard !spec.isMaster else { return }
        let decoded = try ImageDecoder().decode(bytes).image
        #expect(decoded.size == spec.pixels, "\(source) \(photo.spec) pixel size")
        let density = JFIFDensity.read(bytes)
        #expect(density?.units == 1 && density?.x == spec.dpi, "\(source) \(photo.spec) dpi")
        if let window = spec.file.sizeKB {
            #expect(window.contains(Double(bytes.count) / 1024), "\(source) \(photo.spec): \(Double(bytes.count) / 1024) KB")
        }
        let failed = photo.rules.filter { !$0.met && !$0.yielded }
        #expect(failed.isEmpty, "\(source) \(photo.spec) rules not met: \(failed)")
        #expect(photo.compliant)
    }

    @Test func oneMasterGivesTheFiveCapturePhotos() throws {
        let result = try pipeline.process(try Fixtures.bytes("portrait.jpg"), fileName: "portrait.jpg")
        #expect(result.report.refusal == nil)
        #expect(Set(result.photos.keys) == Set(SpecCatalog.captureSet))
        for photo in result.report.photos { try expectMeetsSpec(photo, bytes: result.photos[photo.spec]!, source: "portrait.jpg") }
        #expect(result.report.catalogVersion == pipeline.catalog.version)
        let face = try #require(result.report.face)
        #expect(abs(face.pose.roll) < 5 && abs(face.pose.yaw ?? 90) < 20)
        #expect(face.head?.isCut == false)
        let id = try #require(result.report.photos.first { $0.spec == "cn-id-card" })
        #expect(id.filledFraction == 0, "the square portrait covers the whole ID-card frame")
        let hd = try #require(result.report.photos.first { $0.spec == "face-compare-hd" })
        #expect((hd.filledFraction ?? 0) > 0, "the 3:4 frame reaches past the portrait's top and bottom")
    }

    @Test func everyCatalogSpecCanBeProduced() throws {
        let codes = pipeline.catalog.specs.map(\.code)
        let result = try pipeline.process(try Fixtures.bytes("portrait.png"), specs: codes)
        #expect(result.photos.count == codes.count)
        for photo in result.report.photos { try expectMeetsSpec(photo, bytes: result.photos[photo.spec]!, source: "portrait.png") }
    }

    @Test func masterIsUprightAndWithoutMetadata() throws {
        let rotated = try pipeline.process(try Fixtures.bytes("portrait-exif-rotated.jpg"), specs: ["master"])
        let master = try #require(rotated.photos["master"])
        #expect(ExifOrientation.read(from: master, format: .jpeg) == .up)
        let plain = try pipeline.process(try Fixtures.bytes("portrait.jpg"), specs: ["master"])
        #expect(plain.report.photos[0].plan?.masterEncoding == "original JPEG data, metadata removed")
        let a = try ImageDecoder().decode(rotated.photos["master"]!).image, b = try ImageDecoder().decode(plain.photos["master"]!).image
        #expect(PixelStatistics.meanAbsoluteDifference(a, b) < 4, "the rotated shot's master stands upright")
    }

    @Test(arguments: [
        ("empty.jpg", "empty_file"), ("text.jpg", "unsupported_format"), ("truncated.jpg", "corrupt_image"),
        ("bomb.png", "too_many_pixels"), ("two-faces.jpg", "multiple_faces"), ("no-face.jpg", "no_face"),
    ])
    func badInputsAreRefusedWithAReason(_ file: String, _ code: String) throws {
        let result = try pipeline.process(try Fixtures.bytes(file), fileName: file)
        #expect(result.report.refusal?.code == code)
        #expect(result.report.refusal?.message.isEmpty == false)
        #expect(result.photos.isEmpty)
    }

    @Test(arguments: ["portrait-cmyk.jpg", "portrait-exif-rotated.jpg", "portrait-swapped-profile.jpg", "portrait-16bit.png", "portrait-alpha.png", "portrait-gray.png", "portrait.webp"])
    func awkwardButValidInputsGiveEveryPhoto(_ file: String) throws {
        let result = try pipeline.process(try Fixtures.bytes(file), fileName: file)
        #expect(result.report.refusal == nil)
        for photo in result.report.photos { try expectMeetsSpec(photo, bytes: result.photos[photo.spec]!, source: file) }
    }

    @Test func headCutByTheTopEdgeRefusesCrownSpecsButKeepsTheOthers() throws {
        // Cut the portrait through the hair (crown at row 47, eyes at 308): no crown, but
        // the face-compare photo (placed by the eyes alone) can still be made.
        let image = try ImageDecoder().decode(try Fixtures.bytes("portrait.png")).image
        let cut = try image.cropped(to: PixelRect(x: 0, y: 150, width: 1536, height: 1386))
        let result = try pipeline.process(try PNGEncoder.encode(cut), fileName: "cut.png")
        let byCode = Dictionary(uniqueKeysWithValues: result.report.photos.map { ($0.spec, $0) })
        for code in ["cn-id-card", "cn-exit-entry", "cn-driver-license"] {
            #expect(byCode[code]?.refusal?.code == "crown_cut", "\(code): \(String(describing: byCode[code]?.refusal))")
        }
        #expect(byCode["face-compare-hd"]?.status == .produced)
        #expect(byCode["master"]?.status == .produced)
    }

    @Test func lowResolutionMasterRefusesTheHighDefinitionPhotoOnly() throws {
        let result = try pipeline.process(try Fixtures.bytes("astronaut.png"), specs: ["face-compare-hd", "cn-driver-license"])
        let byCode = Dictionary(uniqueKeysWithValues: result.report.photos.map { ($0.spec, $0) })
        #expect(byCode["face-compare-hd"]?.refusal?.code == "insufficient_resolution")
        #expect(byCode["face-compare-hd"]?.refusal?.message.contains("needs 120 px between the eyes") == true)
        #expect(byCode["cn-driver-license"]?.status == .produced)
    }
}

/// The shared real portraits: every one that shows one whole frontal head gives photos that
/// meet their specs, or refuses a spec only because the face is too small for it.
@Suite(.enabled(if: Fixtures.portraitsAvailable && modelsAvailable, Comment(rawValue: Fixtures.missingPortraits)))
struct SharedPortraitTests {
    @Test(arguments: Fixtures.wholeFrontalHeads)
    func wholeFrontalHeadMeetsEverySpecItHasResolutionFor(_ name: String) throws {
        let pipeline = sharedPipeline!
        let result = try pipeline.process(try Fixtures.portrait(name), fileName: name)
        #expect(result.report.refusal == nil, "\(name): \(result.report.refusal?.message ?? "")")
        for photo in result.report.photos {
            if photo.status == .refused {
                #expect(photo.refusal?.code == "insufficient_resolution", "\(name) \(photo.spec): \(photo.refusal?.message ?? "")")
                continue
            }
            try PipelineTests().expectMeetsSpec(photo, bytes: result.photos[photo.spec]!, source: name)
        }
        #expect(result.photos.count >= 2, "\(name): at least the master and one standard photo")
    }
}
