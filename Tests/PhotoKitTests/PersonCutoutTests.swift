import Testing
@testable import PhotoKit

/// The person mask the crown and the quality measures' background region come from: the
/// cut-out person on plain backdrops, GrabCut's head mask on busy ones.
@Suite(.enabled(if: Fixtures.available && modelsAvailable, Comment(rawValue: "fixtures or models missing: run scripts/bootstrap --test")))
struct PersonCutoutTests {
    let pipeline = sharedPipeline!

    /// The fixture's person (a matte made of its one-inch crop) on a plain backdrop: the
    /// crown read from the person mask is the known matte's (α ≥ 0.5), within 4 % of a face
    /// width.
    @Test(arguments: ["#D0D0D0", "#F4F4F0"])
    func crownOfAKnownMatteOnAPlainBackdrop(hex: String) throws {
        let person = try #require(MattingTests.person)
        let image = try SyntheticComposite.make(foreground: person.foreground, alpha: person.alpha, onto: RGBColor(hex: hex)!)
        let landmarks = person.record.landmarks
        let segmentation = try pipeline.segmenter.segment(image, landmarks: landmarks)
        #expect(segmentation.mask.source == .cutout)
        let crown = try #require(segmentation.crown)
        #expect(crown.source == .cutout)
        let truth = Double(try #require(person.alpha.crownRow(axis: landmarks.faceCentre.x, halfWidth: 0.3 * landmarks.faceWidth)))
        #expect(abs(crown.point.y - truth) < 0.04 * landmarks.faceWidth, "\(hex): crown row \(crown.point.y), known matte's \(truth)")
    }

    /// The same person before a backdrop of coloured blocks: too busy to cut out, so the crown
    /// comes from GrabCut's head mask, and says so.
    @Test func busyBackdropFallsBackToTheHeadMask() throws {
        let person = try #require(MattingTests.person)
        let foreground = person.foreground, alpha = person.alpha
        let image = try Image.blank(width: foreground.width, height: foreground.height, channels: 3)
        var generator = SystemRandomNumberGenerator()
        let palette = (0..<64).map { _ in (0..<3).map { _ in Float(UInt8.random(in: 0...255, using: &generator)) } }
        foreground.withPixels { source, sourceStride in
            image.withPixels { target, stride in
                for y in 0..<image.height {
                    for x in 0..<image.width {
                        let block = palette[((y / 12) * 7 + x / 12) % palette.count], a = alpha[x, y]
                        for c in 0..<3 {
                            let value = a * Float(source[y * sourceStride + 3 * x + c]) + (1 - a) * block[c]
                            target[y * stride + 3 * x + c] = UInt8(max(0, min(255, value.rounded())))
                        }
                    }
                }
            }
        }
        let segmentation = try pipeline.segmenter.segment(image, landmarks: person.record.landmarks)
        #expect(segmentation.mask.source == .headMask)
        #expect(segmentation.crown.map { $0.source == .headMask } ?? true)
    }
}

/// Curly and long loose hair on the shared portraits: the cut-out's crown sits above the
/// head mask's (which put the curls against the top edge of the photos), and the photos
/// meet the crown rules.
@Suite(.enabled(if: Fixtures.portraitsAvailable && modelsAvailable, Comment(rawValue: Fixtures.missingPortraits)))
struct LooseHairCrownTests {
    @Test(arguments: ["facerec__alex_lacamoire1.jpg", "deepface__img11.jpg"])
    func looseHairCountsTowardsTheCrown(_ name: String) throws {
        let pipeline = sharedPipeline!
        let face = try pipeline.findFace(in: try Fixtures.portrait(name)).get()
        let segmentation = try pipeline.segmenter.segment(face.decoded.image, landmarks: face.landmarks)
        let crown = try #require(segmentation.crown)
        #expect(crown.source == .cutout)
        let headMask = try PersonSegmenter().segment(face.decoded.image, landmarks: face.landmarks)
        let headCrown = try #require(HeadOutlineFinder.find(in: headMask, landmarks: face.landmarks))
        #expect(crown.heightAboveEyes - headCrown.heightAboveEyes > 0.1 * face.landmarks.faceWidth,
                "\(name): cut-out \(crown.heightAboveEyes), head mask \(headCrown.heightAboveEyes)")
        let result = try pipeline.process(try Fixtures.portrait(name), specs: ["cn-id-card", "cn-exit-entry"], assessQuality: false)
        for photo in result.report.photos {
            #expect(photo.compliant, "\(name) \(photo.spec): \(photo.rules.filter { !$0.met })")
        }
    }
}
