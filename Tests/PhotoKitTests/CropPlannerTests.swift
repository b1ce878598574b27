import Foundation
import Testing
@testable import PhotoKit

/// The planner on synthetic heads, where every figure is known exactly.
@Suite struct CropPlannerTests {
    let catalog = try! SpecCatalog.bundled()

    /// A frontal face of face width `fw` centred at `centre`, eyes level unless `roll`.
    func head(faceWidth fw: Double = 400, centre: Point = Point(x: 1000, y: 1000), crownAboveEyes: Double? = 330,
              roll degrees: Double = 0, crownCut: Bool = false, imageHeight: Int = 3000) -> HeadMeasurements {
        var points = [Point](repeating: centre, count: 68)
        for i in 0...16 {  // jaw: ear root to ear root through the chin
            let t = Double(i) / 16 * .pi
            points[i] = Point(x: centre.x - fw / 2 * cos(t), y: centre.y + 0.78 * fw * sin(t) * (i == 0 || i == 16 ? 0 : 1))
        }
        for i in 36...41 { points[i] = Point(x: centre.x - 0.3 * fw * 0.5 - 0.075 * fw + Double(i - 36) * 0.03 * fw / 5, y: centre.y) }
        for i in 42...47 { points[i] = Point(x: centre.x + 0.3 * fw * 0.5 + 0.075 * fw - Double(i - 42) * 0.03 * fw / 5, y: centre.y) }
        for i in 17...26 { points[i] = Point(x: centre.x - 0.3 * fw + Double(i - 17) * 0.066 * fw, y: centre.y - 0.15 * fw) }
        points[27] = Point(x: centre.x, y: centre.y - 0.05 * fw)
        points[30] = Point(x: centre.x, y: centre.y + 0.3 * fw)
        let rotation = AffineTransform.similarity(rotation: degrees * .pi / 180, scale: 1, pivot: centre, target: centre)
        let landmarks = FaceLandmarks(points: points.map(rotation.apply))
        let crown = crownAboveEyes.map { h in
            HeadOutline(point: rotation.apply(Point(x: centre.x, y: centre.y - h)), heightAboveEyes: h, isCut: crownCut, widthAtEars: fw * 1.2)
        }
        return HeadMeasurements(landmarks: landmarks, crown: crown, imageSize: Size(width: 3000, height: imageHeight))
    }

    /// Where the planned transform puts the eye line, crown and chin.
    func rows(_ plan: CropPlan, _ head: HeadMeasurements) -> (eyes: Double, crown: Double, chin: Double, centreX: Double) {
        let eyes = plan.transform.apply(head.landmarks.eyeCentre)
        return (eyes.y, plan.transform.apply(head.crown!.point).y, plan.transform.apply(head.landmarks.chin).y,
                plan.transform.apply(head.landmarks.faceCentre).x)
    }

    @Test func idCardScalesByFaceWidthAndPlacesTheCrown() throws {
        let h = head()
        let plan = try CropPlanner.plan(catalog.spec("cn-id-card")!, head: h)
        #expect(abs(plan.scale - 207.0 / 400) < 1e-9)
        let r = rows(plan, h)
        #expect(abs(r.crown - 14) < 1e-6, "crown at the preferred 14 px")
        #expect(441 - r.eyes >= 207, "eye line at least 207 px above the bottom")
        #expect(abs(r.centreX - 179) < 1e-6)
        #expect(plan.yielded.isEmpty)
    }

    @Test func idCardEyeLineWinsOverCrownForTallHair() throws {
        // Hair so tall that crown at 7–21 px would push the eye line below 234 px.
        let h = head(crownAboveEyes: 600)
        let plan = try CropPlanner.plan(catalog.spec("cn-id-card")!, head: h)
        let r = rows(plan, h)
        #expect(abs(r.eyes - (441 - 207)) < 1e-6, "eye line held at its limit")
        #expect(r.crown < 7, "tall hair is cut")
        #expect(plan.yielded == ["crownMargin"])
    }

    @Test func rollIsRemovedByRotatingAboutTheEyeCentre() throws {
        let h = head(roll: 12)
        let plan = try CropPlanner.plan(catalog.spec("cn-driver-license")!, head: h)
        #expect(abs(plan.rotationDegrees + 12) < 1e-9)
        let left = plan.transform.apply(h.landmarks.leftEyeCentre), right = plan.transform.apply(h.landmarks.rightEyeCentre)
        #expect(abs(left.y - right.y) < 1e-6, "eyes level after the crop")
    }

    @Test func exitEntryMeetsHeadLengthAndCrownMargin() throws {
        let h = head()
        let plan = try CropPlanner.plan(catalog.spec("cn-exit-entry")!, head: h)
        let r = rows(plan, h)
        #expect((331...390).contains(r.chin - r.crown))
        #expect((24...59).contains(r.crown))
        #expect(472 - r.chin >= 35)
    }

    @Test func faceCompareIsTheIsoTokenGeometry() throws {
        let h = head(faceWidth: 600)
        let plan = try CropPlanner.plan(catalog.spec("face-compare-hd")!, head: h)
        let left = plan.transform.apply(h.landmarks.leftEyeCentre), right = plan.transform.apply(h.landmarks.rightEyeCentre)
        #expect(abs(left.distance(to: right) - 120) < 1e-6)
        #expect(abs(left.y - 384) < 1e-6)
        #expect(abs((left.x + right.x) / 2 - 240) < 1e-6)
        #expect(plan.scale <= 1)
    }

    @Test func faceCompareIsNeverUpscaled() {
        let h = head(faceWidth: 250)
        let eyes = h.landmarks.eyeDistance
        if eyes < 120 {
            #expect(throws: SpecRefusal.insufficientResolution(needed: "120 px between the eyes", available: "\(Int(eyes.rounded())) px")) {
                try CropPlanner.plan(catalog.spec("face-compare-hd")!, head: h)
            }
        } else {
            Issue.record("synthetic head has \(eyes) px between the eyes; the test needs fewer than 120")
        }
    }

    @Test func tooSmallFaceIsRefusedRatherThanUpscaled() {
        let h = head(faceWidth: 100)
        #expect(throws: SpecRefusal.self) { try CropPlanner.plan(catalog.spec("cn-id-card")!, head: h) }
    }

    @Test func cutCrownAndCutChinAreRefused() {
        #expect(throws: SpecRefusal.crownCut) { try CropPlanner.plan(catalog.spec("cn-exit-entry")!, head: head(crownCut: true)) }
        #expect(throws: SpecRefusal.crownNotFound) { try CropPlanner.plan(catalog.spec("cn-exit-entry")!, head: head(crownAboveEyes: nil)) }
        #expect(throws: SpecRefusal.chinCut) { try CropPlanner.plan(catalog.spec("cn-id-card")!, head: head(imageHeight: 1200)) }
    }

    @Test func intervalsIntersectInPriorityOrder() {
        let (result, skipped) = Interval.prioritised([
            Interval(lower: 0, upper: 10), Interval(lower: 20, upper: 30), Interval(lower: 5, upper: 8),
        ])
        #expect(result == Interval(lower: 5, upper: 8))
        #expect(skipped == [1])
    }
}
