import Testing
@testable import PhotoKit

@Suite struct FaceAnalyzerTests {
    @Test func wideAndTallFramesGetAPortraitSquareForTheSecondLook() {
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 1920, height: 1080)) == PixelRect(x: 420, y: 0, width: 1080, height: 1080))
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 970, height: 2204)) == PixelRect(x: 0, y: 220, width: 970, height: 970))
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 600, height: 700)) == nil, "a near-square frame is looked at whole only")
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 600, height: 800)) == PixelRect(x: 0, y: 80, width: 600, height: 600))
        #expect(FaceAnalyzer.portraitSquare(of: Size(width: 100, height: 1000)) == PixelRect(x: 0, y: 100, width: 100, height: 100))
    }
}

extension FaceAnalyzerTests {
    @Test func eachDetectorsBoxesCountFromItsOwnMargin() {
        func box(_ score: Double, _ detector: FaceDetectorKind) -> FaceBox {
            FaceBox(left: 0, top: 0, right: 100, bottom: 100, score: score, detector: detector)
        }
        #expect(PhotoPipeline.isConfident(box(0.3, .hog)) && !PhotoPipeline.isConfident(box(0.2, .hog)),
                "HOG keeps its margin above a mission patch's 0.06")
        #expect(PhotoPipeline.isConfident(box(0.2, .cnn)) && PhotoPipeline.isConfident(box(0, .cnn)))
        #expect(!PhotoPipeline.isConfident(box(-0.1, .cnn)))
        #expect(box(0.5, .cnn).scaled(by: 2).detector == .cnn, "scaling keeps the detector")
    }
}

/// Faces that only the CNN finds, on the shared portraits.
@Suite(.enabled(if: Fixtures.portraitsAvailable && Fixtures.available && modelsAvailable, Comment(rawValue: Fixtures.missingPortraits)))
struct CoveredFaceTests {
    let pipeline = sharedPipeline!

    @Test func faceWithAGreyBarOverTheEyesIsFoundAndFailsEyesVisible() throws {
        let clean = try pipeline.findFace(in: try Fixtures.portrait("skimage__astronaut.png")).get()
        let l = clean.landmarks, ed = l.eyeDistance
        // The bar of scripts/degrade: eye corners ± 0.3 ed across, eye centres ± 0.35 ed down.
        let x0 = min(l.points[36].x, l.points[45].x) - 0.3 * ed, x1 = max(l.points[36].x, l.points[45].x) + 0.3 * ed
        let eyeYs = [FaceLandmarks.centroid(l.leftEye).y, FaceLandmarks.centroid(l.rightEye).y]
        let y0 = eyeYs.min()! - 0.35 * ed, y1 = eyeYs.max()! + 0.35 * ed
        let bar = PixelRect(x: Int(x0.rounded(.down)), y: Int(y0.rounded(.down)),
                            width: Int((x1 - x0).rounded(.up)), height: Int((y1 - y0).rounded(.up)))
        let bytes = try Defects.jpeg(Defects.patched(clean.decoded.image, bar))
        let found = try pipeline.findFace(in: bytes).get()
        #expect(found.box.detector == .cnn, "HOG misses it; the CNN finds it at \(found.box.score)")
        let quality = try #require(try pipeline.process(bytes, specs: ["cn-id-card"]).report.quality?.spec("cn-id-card"))
        #expect(quality.measure(.eyesVisible)?.verdict == .fail)
    }

    @Test func thingsThatAreNotFacesStayRefused() throws {
        for bytes in [try Fixtures.bytes("no-face.jpg"), try Fixtures.portrait("dlib__dogs.jpg"), try Fixtures.portrait("skimage__chelsea.png")] {
            let result = try pipeline.findFace(in: bytes)
            guard case .failure(.noFace) = result else { Issue.record("found a face where there is none: \(result)"); continue }
        }
    }
}
