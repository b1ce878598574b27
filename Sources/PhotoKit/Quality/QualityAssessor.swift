import Foundation

/// Computes the quality measures of a master once and judges them for each spec with the
/// catalog's thresholds. The pixel measures work on the aligned face (`AlignedFace`) and
/// on the face at native resolution (`NativeFaceCrop`); the geometric ones on the landmarks.
public struct QualityAssessor: Sendable {
    public let catalog: SpecCatalog

    public init(catalog: SpecCatalog) { self.catalog = catalog }

    /// What the measures are computed from.
    public struct Subject {
        public var master: Image
        public var landmarks: FaceLandmarks
        /// Confident faces of competing size (1 for a single face).
        public var competingFaces: Int
        public var crown: HeadOutline?
        public var mask: PersonMask?
    }

    /// Raw values of every measure except `crop_margins`, which depends on the spec's photo.
    public func measure(_ subject: Subject) throws -> [QualityMeasure: RawMeasurement] {
        let l = subject.landmarks
        let view = try AlignedFace(master: subject.master, landmarks: l, mask: subject.mask)
        let native = try NativeFaceCrop(master: subject.master, landmarks: l)
        var raw: [QualityMeasure: RawMeasurement] = [
            .singleFace: FaceGeometryMeasures.singleFace(competingFaces: subject.competingFaces),
            .interEyeDistance: FaceGeometryMeasures.interEyeDistance(l),
            .headSize: FaceGeometryMeasures.headSize(l, crown: subject.crown, imageHeight: subject.master.height),
            .yaw: PoseMeasures.yaw(l), .pitch: PoseMeasures.pitch(l), .roll: PoseMeasures.roll(l),
            .eyesOpen: EyeMeasures.eyesOpen(l),
            .eyesVisible: EyeMeasures.eyesVisible(view),
            .glassesGlare: EyeMeasures.glassesGlare(view),
            .mouthClosed: MouthMeasures.mouthClosed(l),
            .expressionNeutral: MouthMeasures.expressionNeutral(l),
            .headCovering: OcclusionMeasures.headCovering(view),
            .faceOcclusion: OcclusionMeasures.faceOcclusion(view),
            .backgroundUniformity: BackgroundMeasures.uniformity(view),
            .backgroundShadow: BackgroundMeasures.shadow(view),
            .faceShadow: LightingMeasures.faceShadow(view),
            .illuminationUniformity: LightingMeasures.illuminationUniformity(view),
            .exposure: LightingMeasures.exposure(view),
            .dynamicRange: LightingMeasures.dynamicRange(view),
            .sharpness: SharpnessMeasure.measure(view),
            .compression: CompressionMeasure.measure(native),
            .naturalColour: ColourMeasure.naturalColour(view),
        ]
        raw[.recapture] = try RecaptureMeasure.measure(native, blockiness: raw[.compression]?.value)
        raw[.redEye] = EyeMeasures.redEye(view, eyesOpen: raw[.eyesOpen]?.value)
        return raw
    }

    /// The measures of an input refused before any face could be measured: only
    /// `single_face` is known.
    public func refusedMeasurements(faces: Int, reason: String) -> [QualityMeasure: RawMeasurement] {
        var raw: [QualityMeasure: RawMeasurement] = [:]
        for m in QualityMeasure.allCases { raw[m] = .unknown("not assessed: \(reason)") }
        raw[.singleFace] = .value(Double(faces))
        return raw
    }

    /// Judges raw values with `spec`'s thresholds; `photo` is the spec's photo report
    /// (for `crop_margins`).
    public func judge(_ raw: [QualityMeasure: RawMeasurement], spec: PhotoSpec, photo: PhotoReport?) -> SpecQuality {
        var values = raw
        if values[.cropMargins] == nil { values[.cropMargins] = FaceGeometryMeasures.cropMargins(photo) }
        let results = QualityMeasure.allCases.map { name -> MeasureResult in
            let measurement = values[name] ?? .unknown("not measured")
            guard let value = measurement.value else {
                return MeasureResult(name: name, raw: nil, score: nil, verdict: .unknown, guidance: nil,
                                     reason: measurement.reason, detail: measurement.detail)
            }
            let bands = catalog.qualityBands(name, spec: spec)
            let verdict = bands.verdict(value)
            let guidance = verdict == .pass ? nil : bands.side(of: value).map { QualityGuidance.guidance(for: name, side: $0) }
            return MeasureResult(name: name, raw: value, score: (bands.score(value) * 10).rounded() / 10, verdict: verdict,
                                 guidance: guidance, reason: measurement.reason, detail: measurement.detail)
        }
        return SpecQuality(spec: spec.code, measures: results)
    }
}
