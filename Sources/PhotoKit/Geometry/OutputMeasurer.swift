import Foundation

/// Measures a finished photo: runs the landmark model again on the output pixels (seeded
/// with the face box carried through the crop) and carries the head outline (crown, width)
/// from the person mask through the crop.
public struct OutputMeasurer: Sendable {
    let analyzer: FaceAnalyzer

    public func measure(_ output: Image, plan: CropPlan, faceBox: FaceBox, crown: HeadOutline?) throws -> MeasuredGeometry {
        let box = faceBox.transformed(by: plan.transform, scale: plan.scale)
        let l = try analyzer.landmarks(in: output, box: box)
        let crownRow = crown.map { plan.transform.apply($0.point).y }
        let eyes = l.eyeCentre
        // Chin row measured perpendicular to the (levelled) eye line: its y in the output.
        return MeasuredGeometry(
            crownRow: crownRow, chinRow: l.chin.y, eyeLine: eyes.y, eyeDistance: l.eyeDistance,
            faceWidth: l.faceWidth, headWidth: crown.map { $0.widthAtEars * plan.scale }, headLength: crownRow.map { l.chin.y - $0 },
            roll: l.roll * 180 / .pi,
            eyeMidpointX: eyes.x, faceCentreX: l.faceCentre.x)
    }
}
