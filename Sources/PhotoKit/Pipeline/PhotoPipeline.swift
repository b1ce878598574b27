import Foundation

/// The one-shot pipeline: one master in, every requested spec's photo and a report out.
/// Pure: bytes in, bytes and report out; no files, no network. Build once per process
/// (it holds the loaded models) and share it.
public final class PhotoPipeline: Sendable {
    public let catalog: SpecCatalog
    public let analyzer: FaceAnalyzer
    public let decoder: ImageDecoder
    public let segmenter: PersonCutoutSegmenter
    public let assessor: QualityAssessor
    public let replacer: BackgroundReplacer

    /// Detector confidence a face needs to count. HOG: real faces in the shared portraits
    /// score 0.3–2.7; a space-suit mission patch scored 0.06. CNN (it only runs when HOG finds
    /// no face): its own operating point, 0; faces it finds score 0.30–1.12 (a face with a
    /// grey bar over the eyes 0.30), while dogs, a cat, fruit and the no-face fixture stay
    /// below −0.5.
    public static let faceScoreThreshold = 0.3
    public static let cnnFaceScoreThreshold = 0.0

    /// Whether `box` is confident enough to count as a face, by its own detector's scale.
    static func isConfident(_ box: FaceBox) -> Bool {
        box.score >= (box.detector == .cnn ? cnnFaceScoreThreshold : faceScoreThreshold)
    }
    /// A second confident face counts when it is at least this fraction of the main face's
    /// width; smaller ones (a poster far behind) are reported but not refused.
    public static let competingFaceRatio = 0.4

    public init(catalog: SpecCatalog, analyzer: FaceAnalyzer, limits: InputLimits = .standard) {
        self.catalog = catalog
        self.analyzer = analyzer
        assessor = QualityAssessor(catalog: catalog)
        replacer = BackgroundReplacer(catalog: catalog)
        segmenter = PersonCutoutSegmenter(settings: replacer)
        decoder = ImageDecoder(limits: limits, matte: catalog.colour(named: "white") ?? .white)
        _ = ColourTables.prepared
    }

    /// The finished photos (spec code → JPEG bytes) and the report.
    public struct Result: Sendable {
        public var photos: [String: [UInt8]]
        public var report: ProcessingReport
        /// Per spec, the crop before its background was replaced and what replacing did
        /// (only when `keepReplacements` was asked for: the matting evaluation reads them).
        public var replacements: [String: Replacement] = [:]
        /// The master's one face, decoded and landmarked: callers that need more of it (the
        /// library's face descriptor) need not decode and detect again. Nil when refused.
        public var face: FoundFace?
    }

    /// One spec's crop as rendered from the master, and the background replacement made of it.
    public struct Replacement: Sendable {
        public var crop: Image
        /// The landmarks in the crop's coordinates.
        public var landmarks: FaceLandmarks
        /// The crop's pixels that show the picture (`OutsideFill.pictureForMatting`).
        public var covered: [Bool]
        /// The person mask's crown row in the crop, when known.
        public var expectedCrownRow: Double?
        public var outcome: BackgroundReplacer.Outcome
    }

    /// Runs the pipeline. A refusal of the whole input is in `report.refusal`; refusals of
    /// single specs are in their photo reports; the quality measures, judged for each spec,
    /// in `report.quality` (left out when `assessQuality` is false). Throws only for
    /// internal failures. `background` overrides the specs' background colours where they
    /// allow it; a spec that does not is refused (`background_not_allowed`).
    public func process(_ bytes: [UInt8], specs codes: [String] = SpecCatalog.captureSet, fileName: String? = nil,
                        assessQuality: Bool = true, background: BackgroundRequest? = nil,
                        keepReplacements: Bool = false) throws -> Result {
        var stopwatch = Stopwatch()
        let specs = codes.map { code -> PhotoSpec in
            guard let spec = catalog.spec(code) else { preconditionFailure("unknown spec \(code): validate codes first") }
            return spec
        }
        var report = ProcessingReport(
            input: .init(file: fileName, bytes: bytes.count, conversions: []),
            catalogVersion: catalog.version, photos: [], timings: [:])
        func refuse(_ refusal: CaptureRefusal) -> Result {
            report.refusal = .init(code: refusal.code, message: refusal.description)
            let faces: Int? = switch refusal {
            case .noFace: 0
            case let .multipleFaces(count): count
            case .input: nil
            }
            if assessQuality, let faces {
                let raw = assessor.refusedMeasurements(faces: faces, reason: refusal.description)
                report.quality = QualityReport(catalogVersion: catalog.version,
                                               specs: specs.map { assessor.judge(raw, spec: $0, photo: nil) }, milliseconds: nil)
            }
            report.timings = stopwatch.laps
            return Result(photos: [:], report: report)
        }

        // Decode.
        let decoded: DecodedImage
        do { decoded = try decoder.decode(bytes) } catch let refusal as InputRefusal { return refuse(.input(refusal)) }
        let image = decoded.image
        report.input.format = decoded.header.format
        report.input.width = image.width
        report.input.height = image.height
        report.input.exifOrientation = decoded.orientation.rawValue
        report.input.conversions = decoded.conversions
        stopwatch.lap("decode")

        // The face.
        let found: FoundFace
        switch try findFace(in: decoded, stopwatch: &stopwatch) {
        case let .success(face): found = face
        case let .failure(refusal): return refuse(refusal)
        }
        let faces = found.faces, face = found.box, landmarks = found.landmarks
        let pose = HeadPose(landmarks)
        stopwatch.lap("landmarks")

        // The person mask (the cut-out person) gives the crown and the head's width, and the
        // quality measures their background region.
        var crown: HeadOutline?
        var mask: PersonMask?
        if assessQuality || specs.contains(where: { $0.geometry?.needsHeadOutline == true }) {
            let segmentation = try segmenter.segment(image, landmarks: landmarks)
            (mask, crown) = (segmentation.mask, segmentation.crown)
        }
        stopwatch.lap("crown")
        var rawQuality: [QualityMeasure: RawMeasurement]?
        if assessQuality {
            rawQuality = try assessor.measure(.init(master: image, landmarks: landmarks, competingFaces: found.competingFaces,
                                                    crown: crown, mask: mask))
            stopwatch.lap("quality")
        }
        report.face = .init(facesFound: faces.count, box: face, leftEye: landmarks.leftEyeCentre, rightEye: landmarks.rightEyeCentre,
                            eyeDistance: landmarks.eyeDistance, faceWidth: landmarks.faceWidth, chin: landmarks.chin,
                            head: crown, pose: pose, landmarks: landmarks.points)
        let head = HeadMeasurements(landmarks: landmarks, crown: crown, imageSize: image.size)

        var photos: [String: [UInt8]] = [:]
        var replacements: [String: Replacement] = [:]
        var photoReports: [String: PhotoReport] = [:]
        let measurer = OutputMeasurer(analyzer: analyzer)
        // Every photo is planned first, so that specs sharing a background colour can share
        // its replacement (`MattingFrame`).
        var planned: [PlannedPhoto] = []
        for spec in specs {
            if spec.isMaster {
                let (bytesOut, photo) = try master(spec, decoded: decoded, original: bytes)
                photos[spec.code] = bytesOut
                photoReports[spec.code] = photo
                stopwatch.lap("encode")
                continue
            }
            func refuseSpec(code: String, message: String) {
                photoReports[spec.code] = PhotoReport(spec: spec.code, status: .refused, refusal: .init(code: code, message: message),
                                                      rules: [], compliant: false)
            }
            let plan: CropPlan
            do { plan = try CropPlanner.plan(spec, head: head) } catch {
                refuseSpec(code: error.code, message: error.description)
                continue
            }
            let backgroundName: String, backgroundColour: RGBColor
            do { (backgroundName, backgroundColour) = try BackgroundRequest.resolve(background, for: spec, catalog: catalog) } catch {
                refuseSpec(code: error.code, message: error.description)
                continue
            }
            planned.append(PlannedPhoto(spec: spec, plan: plan, size: spec.pixels!, backgroundName: backgroundName, backgroundColour: backgroundColour))
        }
        // The matting evaluation looks at each spec's own crop and matte.
        let shared = keepReplacements ? [:] : try sharedBackgrounds(planned, image: image, landmarks: landmarks, crown: crown)
        if !shared.isEmpty { stopwatch.lap("background") }

        for photo in planned {
            let spec = photo.spec, plan = photo.plan, size = photo.size
            let output: Image
            let backgroundReport: BackgroundReport
            if let frame = shared[photo.backgroundKey] {
                output = try frame.frame.photo(plan, size: size, from: frame.outcome.image, background: photo.backgroundColour)
                backgroundReport = frame.outcome.report
                stopwatch.lap("crop+resample")
            } else {
                let fill = OutsideFill.choose(for: plan, size: size, source: image.size, landmarks: landmarks, crown: crown?.point,
                                              colour: photo.backgroundColour)
                let crop = try CropRenderer.render(image, plan: plan, size: size, fill: fill)
                stopwatch.lap("crop+resample")
                let cropLandmarks = landmarks.transformed(by: plan.transform)
                let covered = fill.pictureForMatting(plan: plan, size: size, source: image.size, chinRow: cropLandmarks.chin.y)
                let expectedCrownRow = crown.map { plan.transform.apply($0.point).y }
                let replaced = try replacer.replace(crop, landmarks: cropLandmarks, covered: covered, colour: photo.backgroundColour,
                                                    name: photo.backgroundName, expectedCrownRow: expectedCrownRow)
                if keepReplacements {
                    replacements[spec.code] = Replacement(crop: crop, landmarks: cropLandmarks, covered: covered,
                                                          expectedCrownRow: expectedCrownRow, outcome: replaced)
                }
                output = replaced.image
                backgroundReport = replaced.report
                stopwatch.lap("background")
            }
            let jpeg = try JPEGEncoder.encode(output, fitting: spec.file.sizeKB,
                                              qualities: spec.file.quality.min...spec.file.quality.max, dpi: spec.dpi)
            stopwatch.lap("encode")
            let measured = try measurer.measure(output, plan: plan, faceBox: face, crown: crown)
            let rules = RuleChecker.check(spec, measured: measured, size: output.size, jpeg: jpeg, yielded: plan.yielded)
            stopwatch.lap("measure")
            photos[spec.code] = jpeg.bytes
            photoReports[spec.code] = PhotoReport(
                spec: spec.code, status: .produced, file: spec.code + ".jpg", pixels: output.size, dpi: spec.dpi,
                bytes: jpeg.bytes.count, kilobytes: jpeg.kilobytes, quality: jpeg.quality, background: photo.backgroundName, backgroundReplacement: backgroundReport,
                plan: .init(scale: plan.scale, rotationDegrees: plan.rotationDegrees, yielded: plan.yielded),
                filledFraction: CropRenderer.outsideFraction(of: plan, size: size, source: image.size), measured: measured, rules: rules, compliant: rules.allSatisfy { $0.met || $0.yielded })
        }
        report.photos = specs.compactMap { photoReports[$0.code] }
        if let rawQuality {
            report.quality = QualityReport(
                catalogVersion: catalog.version,
                specs: specs.map { spec in assessor.judge(rawQuality, spec: spec, photo: report.photos.first { $0.spec == spec.code }) },
                milliseconds: stopwatch.laps["quality"])
        }
        report.timings = stopwatch.laps
        return Result(photos: photos, report: report, replacements: replacements, face: found)
    }

    /// A spec's photo as planned, before it is rendered.
    private struct PlannedPhoto {
        var spec: PhotoSpec
        var plan: CropPlan
        var size: Size
        var backgroundName: String
        var backgroundColour: RGBColor
        var backgroundKey: String { backgroundName + backgroundColour.hex }
    }

    private struct SharedBackground {
        var frame: MattingFrame
        var outcome: BackgroundReplacer.Outcome
    }

    /// Specs with the same background colour get it replaced once, in a frame holding all
    /// their photos at the largest of their scales (`MattingFrame`); keyed by colour. A
    /// colour only one spec asks for is replaced in that spec's own crop.
    private func sharedBackgrounds(_ planned: [PlannedPhoto], image: Image, landmarks: FaceLandmarks,
                                   crown: HeadOutline?) throws -> [String: SharedBackground] {
        var shared: [String: SharedBackground] = [:]
        for (key, members) in Dictionary(grouping: planned, by: \.backgroundKey) where members.count > 1 {
            guard let frame = MattingFrame(covering: members.map { (plan: $0.plan, size: $0.size) }) else { continue }
            let colour = members[0].backgroundColour
            let fill = OutsideFill.choose(for: frame.plan, size: frame.size, source: image.size, landmarks: landmarks,
                                          crown: crown?.point, colour: colour)
            let crop = try CropRenderer.render(image, plan: frame.plan, size: frame.size, fill: fill)
            let frameLandmarks = landmarks.transformed(by: frame.plan.transform)
            let outcome = try replacer.replace(crop, landmarks: frameLandmarks,
                                               covered: fill.pictureForMatting(plan: frame.plan, size: frame.size, source: image.size,
                                                                               chinRow: frameLandmarks.chin.y),
                                               colour: colour, name: members[0].backgroundName,
                                               expectedCrownRow: crown.map { frame.plan.transform.apply($0.point).y })
            shared[key] = SharedBackground(frame: frame, outcome: outcome)
        }
        return shared
    }

    /// The master as shot, upright, without metadata: an upright JPEG keeps its coded data
    /// (no generation loss); anything else is encoded afresh.
    private func master(_ spec: PhotoSpec, decoded: DecodedImage, original: [UInt8]) throws -> ([UInt8], PhotoReport) {
        let encoded: (bytes: [UInt8], quality: Int?, how: String)
        if decoded.header.format == .jpeg, decoded.conversions.isEmpty, let stripped = MetadataStripper.strip(original) {
            encoded = (stripped, nil, "original JPEG data, metadata removed")
        } else {
            let jpeg = try JPEGEncoder.encode(decoded.image, quality: spec.file.quality.max, dpi: nil)
            encoded = (jpeg.bytes, jpeg.quality, "re-encoded (\(decoded.conversions.isEmpty ? decoded.header.format.rawValue : decoded.conversions.joined(separator: "; ")))")
        }
        let photo = PhotoReport(
            spec: spec.code, status: .produced, file: spec.code + ".jpg", pixels: decoded.image.size, bytes: encoded.bytes.count,
            kilobytes: Double(encoded.bytes.count) / 1024, quality: encoded.quality, background: nil,
            plan: .init(scale: 1, rotationDegrees: 0, yielded: [], masterEncoding: encoded.how), rules: [], compliant: true)
        return (encoded.bytes, photo)
    }
}
