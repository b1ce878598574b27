/// Measures of where and how large the face is in the master (ISO/IEC 29794-5 inter-eye
/// distance, head size, crop of the face image; ICAO 9303 Part 3 §3.9; GA 461 framing).
enum FaceGeometryMeasures {
    /// Confident faces of a competing size (OFIQ has no such component; GA 461: one person).
    static func singleFace(competingFaces: Int) -> RawMeasurement { .value(Double(competingFaces)) }

    /// Pixels between the eye centres in the master (ISO/IEC 29794-5 inter-eye distance;
    /// ICAO asks for 90 px, 120 preferred): too few and every photo is an enlargement.
    static func interEyeDistance(_ l: FaceLandmarks) -> RawMeasurement { .value(l.eyeDistance) }

    /// Crown-to-chin height as a share of the master's height (ISO/IEC 29794-5 head size).
    /// Without a crown (busy backdrop) the head is taken as 1.9× the eye-to-chin height,
    /// the median on portraits with a measured crown.
    static func headSize(_ l: FaceLandmarks, crown: HeadOutline?, imageHeight: Int) -> RawMeasurement {
        let eyeToChin = l.chin.y - l.eyeCentre.y
        guard eyeToChin > 0 else { return .unknown("the chin is not below the eyes") }
        let head = crown.map { $0.heightAboveEyes + eyeToChin } ?? 1.9 * eyeToChin
        return .value(head / Double(imageHeight), crown == nil ? ["estimated": 1] : nil)
    }

    /// Share of a spec's photo that lies outside the master and had to be filled (ICAO:
    /// the whole head and the top of the shoulders in the frame). 1 when the crown or the
    /// chin lies outside the master, so no photo of the spec can show the whole head.
    static func cropMargins(_ photo: PhotoReport?) -> RawMeasurement {
        guard let photo else { return .unknown("no photo of this spec was planned") }
        if photo.spec == "master" { return .value(0) }
        if let refusal = photo.refusal {
            switch refusal.code {
            case "crown_cut", "chin_cut": return RawMeasurement(value: 1, detail: nil, reason: refusal.message)
            default: return .unknown("the photo was not made: \(refusal.message)")
            }
        }
        return .value(photo.filledFraction ?? 0)
    }
}
