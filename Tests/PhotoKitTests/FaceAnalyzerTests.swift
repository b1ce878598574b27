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

    /// A textured 200×200 view (noise of ±30 grey levels) with `flat` painted mid-grey.
    static func texturedView(flat: [PixelRect]) throws -> Image {
        let image = try Image.blank(width: 200, height: 200, channels: 3)
        var state: UInt32 = 12345
        image.withPixels { data, stride in
            for y in 0..<200 {
                for x in 0..<200 {
                    state = state &* 1_664_525 &+ 1_013_904_223
                    let inFlat = flat.contains { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }
                    let v = inFlat ? 128 : UInt8(98 + Int(state >> 24) % 61)
                    for c in 0..<3 { data[y * stride + 3 * x + c] = v }
                }
            }
        }
        return image
    }

    @Test func aFlatPatchOverTheUpperFaceIsAnOccluderButTheBackdropIsNot() throws {
        let box = FaceBox(left: 50, top: 50, right: 150, bottom: 150, score: -0.6, detector: .cnn)
        let bar = PixelRect(x: 60, y: 75, width: 80, height: 25)
        let mask = try #require(try FaceAnalyzer.occluderMask(in: try Self.texturedView(flat: [bar]), box: box), "a bar over the eyes")
        mask.withPixels { data, stride in
            #expect(data[87 * stride + 100] == 255, "the bar is filled in")
            #expect(data[62 * stride + 62] == 0 && data[130 * stride + 100] == 0, "the face around it is kept")
        }
        #expect(try FaceAnalyzer.occluderMask(in: try Self.texturedView(flat: [PixelRect(x: 0, y: 0, width: 200, height: 40)]), box: box) == nil,
                "a plain backdrop reaching the edge is not an occluder")
        #expect(try FaceAnalyzer.occluderMask(in: try Self.texturedView(flat: [PixelRect(x: 90, y: 125, width: 20, height: 10)]), box: box) == nil,
                "a small patch below the upper face is not one either")
        #expect(try FaceAnalyzer.occluderMask(in: try Self.texturedView(flat: []), box: box) == nil)
    }
}

/// Faces that only the CNN finds, on the shared portraits.
@Suite(.enabled(if: Fixtures.portraitsAvailable && Fixtures.available && modelsAvailable, Comment(rawValue: Fixtures.missingPortraits)))
struct CoveredFaceTests {
    let pipeline = sharedPipeline!

    @Test func faceWithAGreyBarOverTheEyesIsFoundAndFailsEyesVisible() throws {
        let bytes = try barOverTheEyes(of: "skimage__astronaut.png")
        let found = try pipeline.findFace(in: bytes).get()
        #expect(found.box.detector == .cnn, "HOG misses it; the CNN finds it at \(found.box.score)")
        let quality = try #require(try pipeline.process(bytes, specs: ["cn-id-card"]).report.quality?.spec("cn-id-card"))
        #expect(quality.measure(.eyesVisible)?.verdict == .fail)
    }

    /// The bar of scripts/degrade over the eyes of the shared portrait `name`: eye corners
    /// ± 0.3 ed across, eye centres ± 0.35 ed down.
    func barOverTheEyes(of name: String) throws -> [UInt8] {
        let clean = try pipeline.findFace(in: try Fixtures.portrait(name)).get()
        let l = clean.landmarks, ed = l.eyeDistance
        let x0 = min(l.points[36].x, l.points[45].x) - 0.3 * ed, x1 = max(l.points[36].x, l.points[45].x) + 0.3 * ed
        let eyeYs = [FaceLandmarks.centroid(l.leftEye).y, FaceLandmarks.centroid(l.rightEye).y]
        let y0 = eyeYs.min()! - 0.35 * ed, y1 = eyeYs.max()! + 0.35 * ed
        let bar = PixelRect(x: Int(x0.rounded(.down)), y: Int(y0.rounded(.down)),
                            width: Int((x1 - x0).rounded(.up)), height: Int((y1 - y0).rounded(.up)))
        return try Defects.jpeg(Defects.patched(clean.decoded.image, bar))
    }

    @Test func faceBothDetectorsMissUnderABarIsFoundBehindTheOccluder() throws {
        // Both detectors score this one below their operating points (CNN −0.64).
        let bytes = try barOverTheEyes(of: "facerec__alex-lacamoire.png")
        let found = try pipeline.findFace(in: bytes).get()
        #expect(found.box.behindOccluder == true && found.box.detector == .cnn)
        let quality = try #require(try pipeline.process(bytes, specs: ["cn-id-card"]).report.quality?.spec("cn-id-card"))
        #expect(quality.measure(.eyesVisible)?.verdict == .fail)
    }

    @Test func groupsOfSmallFacesAreRefusedWithEveryCompanionCounted() throws {
        // 2008_002079: a group whose largest face is ~90 px; its companions are below the
        // detector's smallest size until the small copy is scanned again enlarged.
        // 00017_gray: two people; the second scan must not replace the boxes of the first.
        for (name, atLeast) in [("dlib__2008_002079.jpg", 3), ("realesrgan__00017_gray.png", 2)] {
            let result = try pipeline.findFace(in: try Fixtures.portrait(name))
            guard case let .failure(.multipleFaces(count)) = result else { Issue.record("\(name) was not refused: \(result)"); continue }
            #expect(count >= atLeast, "\(name): \(count) faces")
        }
    }

    @Test func thingsThatAreNotFacesStayRefused() throws {
        for bytes in [try Fixtures.bytes("no-face.jpg"), try Fixtures.portrait("dlib__dogs.jpg"), try Fixtures.portrait("skimage__chelsea.png"),
                      try Fixtures.portrait("opencvdoc__fruits.jpg")] {
            let result = try pipeline.findFace(in: bytes)
            guard case .failure(.noFace) = result else { Issue.record("found a face where there is none: \(result)"); continue }
        }
    }
}

extension FaceAnalyzerTests {
    /// Once the models that multiply with BLAS are loaded, OpenBLAS runs on one thread, so
    /// its spinning workers take no CPU from the other images a server works on.
    @Test(.enabled(if: modelsAvailable, "needs the dlib models (scripts/bootstrap)"))
    func loadingTheModelsHoldsOpenBLASToOneThread() throws {
        _ = try #require(sharedPipeline)
        let threads = try #require(BLASThreads.current, "the BLAS in use is Debian's OpenBLAS, as the CVision target links it")
        #expect(BLASThreads.heldToOne)
        #expect(threads == 1)
    }
}

extension FaceAnalyzerTests {
    /// A face the first scan found at its smallest size sits log(f)/log(6/5) levels up the
    /// pyramid of a copy enlarged f times; the companion scan covers those and one more.
    @Test func theCompanionScanCoversTheLevelsBelowTheFirstScanAndOneMore() {
        #expect(FaceAnalyzer.levelsBelowFirstScan(enlargement: 1) == 1)
        #expect(FaceAnalyzer.levelsBelowFirstScan(enlargement: 1.2) == 2)
        #expect(FaceAnalyzer.levelsBelowFirstScan(enlargement: 200.0 / 150) == 3, "the fixture portrait's face, 150 px in the 800 px copy")
        #expect(FaceAnalyzer.levelsBelowFirstScan(enlargement: FaceAnalyzer.largestEnlargement) == 7)
    }

    /// The fixture portrait at 0.7 of its size in the upper right of a frame of its own size,
    /// and a copy at 0.42 of that in the lower left: the main face is 105 px across in the
    /// 800 px copy, the second 44 px, below the detector's smallest, so only the companion
    /// scan (of the copy enlarged 1.9 times, its lower pyramid levels only) sees it; at 0.42
    /// of the main face's width it competes.
    @Test(.enabled(if: Fixtures.available && modelsAvailable, "needs the fixtures and models (scripts/bootstrap)"))
    func aCompanionBelowTheFirstScansReachIsFoundByTheLimitedScanAndCounted() throws {
        let pipeline = try #require(sharedPipeline)
        let portrait = try ImageDecoder().decode(try Fixtures.bytes("portrait.jpg")).image
        let side = portrait.width, mainSide = Int(0.7 * Double(side)), companionSide = Int(0.42 * Double(mainSide))
        let frame = try Image.blank(width: side, height: side, channels: 3)
        func paste(_ image: Image, x: Int, y: Int) {
            frame.withPixels { target, targetStride in
                image.withPixels { source, sourceStride in
                    for row in 0..<image.height {
                        (target + (y + row) * targetStride + 3 * x).update(from: source + row * sourceStride, count: 3 * image.width)
                    }
                }
            }
        }
        paste(try portrait.resized(width: mainSide, height: mainSide), x: side - mainSide, y: 0)
        paste(try portrait.resized(width: companionSide, height: companionSide), x: 0, y: side - companionSide)

        let firstScan = try pipeline.analyzer.detect(in: try frame.downscaled(toFit: pipeline.analyzer.detectionSide).image, upsample: 0)
        #expect(firstScan.filter { PhotoPipeline.isConfident($0) }.count == 1, "the premise: the first scan sees only the main face")
        let faces = try pipeline.analyzer.detectFaces(in: frame, confidence: PhotoPipeline.faceScoreThreshold).filter { PhotoPipeline.isConfident($0) }
        #expect(faces.count == 2)
        #expect(faces.contains { $0.centre.x < Double(companionSide) && $0.centre.y > Double(side - companionSide) }, "the second face is the small copy's")
        let jpeg = try JPEGEncoder.encode(frame, quality: 92, dpi: nil).bytes
        guard case .failure(.multipleFaces(count: 2)) = try pipeline.findFace(in: jpeg) else {
            Issue.record("the portrait with a small companion was not refused for two faces")
            return
        }
    }
}
