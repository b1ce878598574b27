import Foundation
import Testing
@testable import PhotoKit

@Suite struct BackgroundRequestTests {
    let catalog = try! SpecCatalog.bundled()

    @Test func officialSpecsRefuseColoursTheirRegulationDoesNotList() throws {
        let blue = try BackgroundRequest("blue", catalog: catalog)
        for code in ["cn-id-card", "cn-exit-entry", "cn-driver-license", "face-compare-hd"] {
            let spec = try #require(catalog.spec(code))
            #expect(throws: BackgroundRefusal.notAllowed(spec: code, asked: "blue", allowed: ["white"])) {
                try BackgroundRequest.resolve(blue, for: spec, catalog: catalog)
            }
        }
        // A hex colour equal to an allowed one is that colour.
        let white = try BackgroundRequest("#ffffff", catalog: catalog)
        #expect(try BackgroundRequest.resolve(white, for: catalog.spec("cn-id-card")!, catalog: catalog).name == "white")
        // ICAO lists light blue among its backgrounds.
        let lightBlue = try BackgroundRequest("light-blue", catalog: catalog)
        #expect(try BackgroundRequest.resolve(lightBlue, for: catalog.spec("icao-35x45")!, catalog: catalog).colour.hex == "#64C5FF")
    }

    @Test func tradeSizesTakeAnyCatalogColourOrHex() throws {
        let spec = try #require(catalog.spec("one-inch"))
        #expect(try BackgroundRequest.resolve(BackgroundRequest("red", catalog: catalog), for: spec, catalog: catalog).colour.hex == "#FF0000")
        #expect(try BackgroundRequest.resolve(BackgroundRequest("#123456", catalog: catalog), for: spec, catalog: catalog).colour.hex == "#123456")
        #expect(try BackgroundRequest.resolve(nil, for: spec, catalog: catalog).name == spec.background.default)
    }

    @Test func malformedAndUnknownColoursSayWhatIsAccepted() {
        #expect(throws: BackgroundRefusal.malformed("#12345")) { try BackgroundRequest("#12345", catalog: catalog) }
        do {
            _ = try BackgroundRequest("purple", catalog: catalog)
            Issue.record("purple accepted")
        } catch {
            #expect(error.code == "background_unknown")
            #expect(error.description.contains("white") && error.description.contains("#RRGGBB"))
        }
    }
}

@Suite struct ColourDifferenceTests {
    /// Pairs and answers from Sharma, Wu and Dalal's CIEDE2000 test data (2005).
    @Test func deltaE2000MatchesPublishedPairs() {
        let pairs: [(CIELab, CIELab, Double)] = [
            (CIELab(l: 50, a: 2.6772, b: -79.7751), CIELab(l: 50, a: 0, b: -82.7485), 2.0425),
            (CIELab(l: 50, a: 0, b: 0), CIELab(l: 50, a: -1, b: 2), 2.3669),
            (CIELab(l: 50, a: 2.5, b: 0), CIELab(l: 73, a: 25, b: -18), 27.1492),
            (CIELab(l: 60.2574, a: -34.0099, b: 36.2677), CIELab(l: 60.4626, a: -34.1751, b: 39.4387), 1.2644),
        ]
        for (a, b, expected) in pairs { #expect(abs(a.deltaE2000(b) - expected) < 1e-3, "\(a) \(b)") }
        #expect(abs(CIELab(.white).l - 100) < 0.01 && abs(CIELab(.white).a) < 0.01)
    }
}

@Suite(.enabled(if: Fixtures.available && modelsAvailable, Comment(rawValue: "fixtures or models missing: run scripts/bootstrap --test")))
struct MattingTests {
    let pipeline = sharedPipeline!

    /// The fixture's one-inch crop and a matte of it made regardless of how busy its
    /// backdrop is (the astronaut stands before a flag): the known person of the
    /// synthetic tests.
    static let person: (record: PhotoPipeline.Replacement, alpha: AlphaMatte, foreground: Image)? = {
        guard let pipeline = sharedPipeline, let bytes = try? Fixtures.bytes("portrait.jpg"),
              let result = try? pipeline.process(bytes, specs: ["one-inch"], assessQuality: false, keepReplacements: true),
              let record = result.replacements["one-inch"],
              let truth = try? BackgroundReplacer(busyAbove: 100).replace(record.crop, landmarks: record.landmarks, covered: record.covered,
                                                                         colour: .white, name: "white"),
              let alpha = truth.matte, let foreground = try? truth.foreground() else { return nil }
        return (record, alpha, foreground)
    }()

    /// A plain-backdrop portrait with a known matte: the fixture's person on `hex`.
    func plainPortrait(_ hex: String) throws -> (image: Image, person: (record: PhotoPipeline.Replacement, alpha: AlphaMatte, foreground: Image)) {
        let person = try #require(Self.person)
        return (try SyntheticComposite.make(foreground: person.foreground, alpha: person.alpha, onto: RGBColor(hex: hex)!), person)
    }

    /// Bounds measured on this fixture (light grey SAD 80, MSE 0.00012; blue-grey SAD 1188,
    /// MSE 0.0071, where the cut-out takes the backdrop between neck and the bluish helmet
    /// ring for person) with margin.
    @Test(arguments: [("#D0D0D0", 300.0, 0.0005), ("#6A8CAF", 1600.0, 0.01)])
    func recoversAKnownMatteFromPlainBackdrops(hex: String, sadBound: Double, mseBound: Double) throws {
        do {
            let (image, person) = try plainPortrait(hex)
            let again = try pipeline.replacer.replace(image, landmarks: person.record.landmarks, covered: person.record.covered,
                                                     colour: .white, name: "white")
            let recovered = try #require(again.matte, "\(hex): \(again.report.reason ?? "")")
            let error = recovered.error(against: person.alpha)
            #expect(error.sad < sadBound && error.mse < mseBound, "\(hex): SAD \(error.sad), MSE \(error.mse)")
            // Not a trivial matte: the person covers a good part of the crop.
            let coverage = person.alpha.values.reduce(0, +) / Float(person.alpha.values.count)
            #expect(coverage > 0.3 && coverage < 0.9)
        }
    }

    @Test func replacedBackgroundIsTheSpecColour() throws {
        let (image, person) = try plainPortrait("#D0D0D0")
        for name in ["white", "blue", "red"] {
            let colour = try #require(pipeline.catalog.colour(named: name))
            let outcome = try pipeline.replacer.replace(image, landmarks: person.record.landmarks, covered: person.record.covered,
                                                       colour: colour, name: name)
            #expect(outcome.report.method == .replaced)
            let matte = try #require(outcome.matte)
            let jpeg = try JPEGEncoder.encode(outcome.image, quality: 90, dpi: 300)
            let photo = try ImageDecoder().decode(jpeg.bytes).image
            let score = try MattingScore.measure(output: photo, crop: image, matte: matte, target: colour,
                                                 backdrop: RGBColor(hex: "#D0D0D0")!)
            #expect(score.backgroundPixels > 10_000)
            #expect(score.backgroundWithinTolerance > 0.97, "\(name): \(score)")
            #expect(score.spill < 0.15, "\(name): \(score)")
        }
    }

    @Test func busyBackdropIsKeptAsShotAndSaysSo() throws {
        let person = try #require(Self.person)
        // The person before vertical stripes of two colours.
        let striped = try SyntheticComposite.make(foreground: person.foreground, alpha: person.alpha, onto: .white)
        let backdrop = try Image.blank(width: striped.width, height: striped.height, channels: 3)
        backdrop.withPixels { data, stride in
            for y in 0..<striped.height { for x in 0..<striped.width { for k in 0..<3 { data[y * stride + 3 * x + k] = (x / 6) % 2 == 0 ? 200 : 60 } } }
        }
        let planes = Plane.channels(of: person.foreground), back = Plane.channels(of: backdrop)
        let busy = try Image.blank(width: striped.width, height: striped.height, channels: 3)
        busy.withPixels { data, stride in
            for y in 0..<busy.height {
                for x in 0..<busy.width {
                    let i = y * busy.width + x, a = person.alpha.values[i]
                    for k in 0..<3 { data[y * stride + 3 * x + k] = UInt8((a * planes[k].values[i] + (1 - a) * back[k].values[i]).rounded()) }
                }
            }
        }
        let outcome = try pipeline.replacer.replace(busy, landmarks: person.record.landmarks, covered: person.record.covered,
                                                   colour: .white, name: "white")
        #expect(outcome.report.method == .keptAsShot)
        #expect(outcome.matte == nil)
        #expect(outcome.report.reason?.contains("kept as shot") == true)
        #expect(outcome.image === busy, "the crop is shipped as shot")
    }

    @Test func aCutOutThatLostTheHairIsKeptAsShot() throws {
        let (image, person) = try plainPortrait("#D0D0D0")
        let landmarks = person.record.landmarks
        let crown = try #require(person.alpha.crownRow(axis: landmarks.faceCentre.x, halfWidth: 0.3 * landmarks.faceWidth))
        // Told the head reaches well above where the cut-out's does, as when dark hair on a
        // dark backdrop is cut away.
        let outcome = try pipeline.replacer.replace(image, landmarks: landmarks, covered: person.record.covered, colour: .white, name: "white",
                                                   expectedCrownRow: Double(crown) - 0.2 * landmarks.faceWidth)
        #expect(outcome.report.method == .keptAsShot)
        #expect(outcome.report.reason?.contains("lost the top of the head") == true)
        // Where the head mask and the cut-out agree, the background is replaced.
        let agreeing = try pipeline.replacer.replace(image, landmarks: landmarks, covered: person.record.covered, colour: .white, name: "white",
                                                    expectedCrownRow: Double(crown))
        #expect(agreeing.report.method == .replaced)
    }

    @Test func pipelineReportsTheBackgroundOfEveryPhoto() throws {
        let bytes = try Fixtures.bytes("portrait.jpg")
        let blue = try BackgroundRequest("blue", catalog: pipeline.catalog)
        let result = try pipeline.process(bytes, specs: ["one-inch", "cn-id-card"], assessQuality: false, background: blue)
        let oneInch = try #require(result.report.photos.first { $0.spec == "one-inch" })
        #expect(oneInch.status == .produced && oneInch.background == "blue")
        let replacement = try #require(oneInch.backgroundReplacement)
        #expect(replacement.hex == "#438EDB")
        #expect(replacement.method == .replaced || replacement.reason != nil)
        // The official photo refuses the override and says why; the trade size is still made.
        let id = try #require(result.report.photos.first { $0.spec == "cn-id-card" })
        #expect(id.status == .refused && id.refusal?.code == "background_not_allowed")
        #expect(result.photos["one-inch"] != nil && result.photos["cn-id-card"] == nil)
    }

    @Test func capturePhotosOfTheFixtureGetAWhiteBackground() throws {
        let result = try pipeline.process(try Fixtures.bytes("portrait.jpg"), specs: ["cn-id-card", "cn-driver-license"],
                                          assessQuality: false, keepReplacements: true)
        for code in ["cn-id-card", "cn-driver-license"] {
            let record = try #require(result.replacements[code])
            #expect(record.outcome.report.method == .replaced, "\(code): \(record.outcome.report.reason ?? "")")
            let matte = try #require(record.outcome.matte)
            let photo = try ImageDecoder().decode(try #require(result.photos[code])).image
            let backdrop = try #require(record.outcome.report.backdrop.flatMap(RGBColor.init(hex:)))
            let score = try MattingScore.measure(output: photo, crop: record.crop, matte: matte, target: .white, backdrop: backdrop)
            #expect(score.backgroundPixels > 5_000, "\(code)")
            #expect(score.backgroundWithinTolerance > 0.97, "\(code): \(score)")
        }
    }
}
