import Foundation
import Testing
@testable import PhotoKit

/// One encoder for the whole run: the network loads once.
let sharedEncoder: FaceEncoder? = try? FaceEncoder()

@Suite(.enabled(if: modelsAvailable && sharedEncoder != nil, Comment(rawValue: "models missing: run scripts/bootstrap")))
struct IdentityTests {
    func descriptor(_ bytes: [UInt8]) throws -> FaceDescriptor {
        let face = try sharedPipeline!.findFace(in: bytes).get()
        return try sharedEncoder!.descriptor(of: face.decoded.image, box: face.box, landmarks: face.landmarks)
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
    func sameShotInAnotherFormatIsTheSamePerson() throws {
        let a = try descriptor(try Fixtures.bytes("portrait.jpg"))
        let b = try descriptor(try Fixtures.bytes("portrait-exif-rotated.jpg"))
        #expect(a.values.count == 128)
        let comparison = IdentityComparison(a, b)
        #expect(comparison.samePerson && comparison.distance < 0.1, "distance \(comparison.distance)")
    }

    @Test(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missingFixtures)))
    func twoFacesCannotBeCompared() throws {
        let result = try sharedPipeline!.findFace(in: try Fixtures.bytes("two-faces.jpg"))
        guard case let .failure(refusal) = result else {
            Issue.record("two faces were accepted")
            return
        }
        #expect(refusal == .multipleFaces(count: 2))
    }

    @Test(.enabled(if: Fixtures.portraitsAvailable, Comment(rawValue: Fixtures.missingPortraits)), arguments: [
        ("facerec__obama.jpg", "facerec__obama-1080p.jpg", true),
        ("facerec__biden.jpg", "facerec__biden2.jpg", true),
        ("facerec__alex-lacamoire.png", "facerec__alex_lacamoire1.jpg", true),
        ("deepface__img20.jpg", "deepface__img21.jpg", true),
        ("facerec__obama.jpg", "facerec__biden.jpg", false),
        ("deepface__img11.jpg", "gfpgan__Adele_crop.png", false),
        ("deepface__img13.jpg", "facerec__alex_lacamoire1.jpg", false),
        ("hivision__test0.jpg", "deepface__img40.jpg", false),
    ])
    func sharedPortraitPairsAreJudgedRight(_ a: String, _ b: String, _ same: Bool) throws {
        let comparison = IdentityComparison(try descriptor(try Fixtures.portrait(a)), try descriptor(try Fixtures.portrait(b)))
        #expect(comparison.samePerson == same, "\(a) vs \(b): distance \(comparison.distance)")
    }
}
