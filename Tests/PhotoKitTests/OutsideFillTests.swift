import Foundation
import Testing
@testable import PhotoKit

/// What a levelled frame shows where it reaches past the master, on a synthetic tilted head
/// whose master ends just below the frame's lowest corner.
@Suite struct OutsideFillTests {
    let spec = try! SpecCatalog.bundled().spec("cn-id-card")!
    let magenta = RGBColor(red: 255, green: 0, blue: 255)

    /// A head tilted 6° (face 200 px wide at (600, 600)) and its ID-card plan; `masterHeight`
    /// makes the frame's lowest corner reach past the master's bottom by `reachOverClearance`
    /// times the distance from the chin to that edge.
    func tiltedHead(reachOverClearance ratio: Double) throws -> (plan: CropPlan, landmarks: FaceLandmarks, crown: Point, source: Size) {
        let head = CropPlannerTests().head(faceWidth: 200, centre: Point(x: 600, y: 600), crownAboveEyes: 170, roll: 6)
        let plan = try CropPlanner.plan(spec, head: head)
        let inverse = plan.transform.inverted()
        let size = spec.pixels!
        let lowest = [Point(x: 0, y: Double(size.height)), Point(x: Double(size.width), y: Double(size.height))].map { inverse.apply($0).y }.max()!
        let chin = head.landmarks.points.map(\.y).max()!
        // lowest − (H − 1) = ratio · (H − chin)  ⇒  H = (lowest + 1 + ratio · chin) / (1 + ratio)
        let height = Int(((lowest + 1 + ratio * chin) / (1 + ratio)).rounded())
        return (plan, head.landmarks, head.crown!.point, Size(width: 1200, height: height))
    }

    /// A smooth ramp, so the mirror's expected value is known at every point.
    static func ramp(_ p: Point) -> Double { 30 + 0.12 * p.y + 0.05 * p.x }

    func rampImage(_ size: Size) throws -> Image {
        var values = [UInt8](repeating: 0, count: size.width * size.height)
        for y in 0..<size.height {
            for x in 0..<size.width { values[y * size.width + x] = UInt8(Self.ramp(Point(x: Double(x), y: Double(y))).rounded()) }
        }
        return try Image.gray(values, width: size.width, height: size.height).converted(.grayToBGR)
    }

    @Test func aShallowReachPastTheBottomIsMirroredAndADeepOneKeepsTheColour() throws {
        let shallow = try tiltedHead(reachOverClearance: 0.5)
        let fill = OutsideFill.choose(for: shallow.plan, size: spec.pixels!, source: shallow.source, landmarks: shallow.landmarks,
                                      crown: shallow.crown, colour: magenta)
        #expect(fill.mirrored == [.bottom], "only the bottom is reached, and it lies half as far as the chin")
        let deep = try tiltedHead(reachOverClearance: 1.2)
        #expect(OutsideFill.choose(for: deep.plan, size: spec.pixels!, source: deep.source, landmarks: deep.landmarks,
                                   crown: deep.crown, colour: magenta).mirrored.isEmpty,
                "a mirror reaching past the chin's distance would bring the face back")
    }

    @Test func aTopReachedIsMirroredOnlyWhenTheCrownIsKnown() throws {
        let head = try tiltedHead(reachOverClearance: 0.5)
        let inverse = head.plan.transform.inverted()
        let frameTop = [Point(x: 0, y: 0), Point(x: Double(spec.pixels!.width), y: 0)].map { inverse.apply($0).y }.min()!
        // A master whose top edge lies below the frame's highest corner by 0.3 of the gap
        // between that corner and the crown: the frame reaches past the top by 0.43 of
        // the crown's distance from it.
        let top = frameTop + 0.3 * (head.crown.y - frameTop)
        let fromShifted = AffineTransform(a: 1, b: 0, c: 0, d: 0, e: 1, f: top)
        let toShifted = AffineTransform(a: 1, b: 0, c: 0, d: 0, e: 1, f: -top)
        let plan = CropPlan(transform: fromShifted.then(head.plan.transform), scale: head.plan.scale,
                            rotationDegrees: head.plan.rotationDegrees, yielded: [])
        let landmarks = head.landmarks.transformed(by: toShifted)
        let source = Size(width: 1200, height: 3000)
        #expect(OutsideFill.reachPastEdges(of: plan, size: spec.pixels!, source: source)[.top]! > 1)
        let known = OutsideFill.choose(for: plan, size: spec.pixels!, source: source, landmarks: landmarks,
                                       crown: toShifted.apply(head.crown), colour: magenta)
        #expect(known.mirrored == [.top])
        let unknown = OutsideFill.choose(for: plan, size: spec.pixels!, source: source, landmarks: landmarks, crown: nil, colour: magenta)
        #expect(unknown.mirrored.isEmpty, "without a crown the head's top is unknown")
    }

    @Test func theMirrorContinuesTheMasterAndOtherEdgesKeepTheColour() throws {
        let head = try tiltedHead(reachOverClearance: 0.5)
        let size = spec.pixels!
        let master = try rampImage(head.source)
        let inverse = head.plan.transform.inverted()
        let mirrored = try CropRenderer.render(master, plan: head.plan, size: size, fill: OutsideFill(colour: magenta, mirrored: [.bottom]))
        let plain = try CropRenderer.render(master, plan: head.plan, size: size, fill: OutsideFill(colour: magenta))
        var checked = 0, worst = 0.0
        mirrored.withPixels { out, stride in
            plain.withPixels { flat, flatStride in
                for y in 0..<size.height {
                    for x in 0..<size.width {
                        let q = inverse.apply(Point(x: Double(x), y: Double(y)))
                        // Clear of the edge, where the warp's kernel straddles it.
                        guard q.y > Double(head.source.height - 1) + 4 else { continue }
                        let bottom = Double(head.source.height - 1)
                        let expected = Self.ramp(Point(x: q.x, y: 2 * bottom - q.y))
                        worst = max(worst, abs(Double(out[y * stride + 3 * x]) - expected))
                        #expect(flat[y * flatStride + 3 * x] == 255 && flat[y * flatStride + 3 * x + 1] == 0,
                                "without a mirrored edge the colour fills (\(x), \(y))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 100, "the frame reaches past the master's bottom")
        // Rounding alone: 0.56 seen; replicating the last row instead was off by 4.4.
        #expect(worst <= 1, "the mirror reflects the master about its last row")
    }

    /// `tiltedHead(reachOverClearance: 0.5)` over a master cut 12 px right of the frame's
    /// leftmost corner: the frame reaches past the left edge as well as the bottom.
    func tiltedHeadCutOnTheLeft() throws -> (plan: CropPlan, landmarks: FaceLandmarks, source: Size) {
        let head = try tiltedHead(reachOverClearance: 0.5)
        let inverse = head.plan.transform.inverted()
        let frameLeft = [Point(x: 0, y: 0), Point(x: 0, y: Double(spec.pixels!.height))].map { inverse.apply($0).x }.min()!
        let left = frameLeft + 12
        let fromShifted = AffineTransform(a: 1, b: 0, c: left, d: 0, e: 1, f: 0)
        let toShifted = AffineTransform(a: 1, b: 0, c: -left, d: 0, e: 1, f: 0)
        let plan = CropPlan(transform: fromShifted.then(head.plan.transform), scale: head.plan.scale,
                            rotationDegrees: head.plan.rotationDegrees, yielded: [])
        return (plan, head.landmarks.transformed(by: toShifted),
                Size(width: head.source.width - Int(left.rounded(.up)), height: head.source.height))
    }

    @Test func anEdgeNotMirroredKeepsTheColourBesideAMirroredOne() throws {
        let (plan, _, source) = try tiltedHeadCutOnTheLeft()
        let size = spec.pixels!
        let reach = OutsideFill.reachPastEdges(of: plan, size: size, source: source)
        #expect(reach[.left]! > 10 && reach[.bottom]! > 10 && reach[.top] == 0 && reach[.right] == 0)
        let photo = try CropRenderer.render(try rampImage(source), plan: plan, size: size,
                                            fill: OutsideFill(colour: magenta, mirrored: [.bottom]))
        let toShifted = plan.transform.inverted()
        var colour = 0, mirror = 0, worst = 0.0
        photo.withPixels { out, stride in
            for y in 0..<size.height {
                for x in 0..<size.width {
                    let q = toShifted.apply(Point(x: Double(x), y: Double(y)))
                    let bottom = Double(source.height - 1)
                    let pixel = (out[y * stride + 3 * x], out[y * stride + 3 * x + 1], out[y * stride + 3 * x + 2])
                    if q.x < -4 {
                        #expect(pixel == (255, 0, 255), "beyond the left edge (\(x), \(y)) is the colour")
                        colour += 1
                    } else if q.x > 4, q.y > bottom + 4 {
                        worst = max(worst, abs(Double(pixel.0) - Self.ramp(Point(x: q.x, y: 2 * bottom - q.y))))
                        mirror += 1
                    }
                }
            }
        }
        #expect(colour > 20 && mirror > 100)
        #expect(worst <= 1, "beyond the bottom only, the mirror")
    }

    @Test func belowTheChinTheMirrorIsPictureForMattingAndAboveItBackdrop() throws {
        let (plan, landmarks, source) = try tiltedHeadCutOnTheLeft()
        let size = spec.pixels!
        let inverse = plan.transform.inverted()
        let chinRow = plan.transform.apply(landmarks.chin).y
        let covered = CropRenderer.coverage(of: plan, size: size, source: source)
        #expect(OutsideFill(colour: magenta).pictureForMatting(plan: plan, size: size, source: source, chinRow: chinRow) == covered,
                "beyond a coloured edge everything is backdrop")
        for mirrored: Set<OutsideFill.Edge> in [[.bottom], [.left, .bottom]] {
            let picture = OutsideFill(colour: magenta, mirrored: mirrored).pictureForMatting(plan: plan, size: size, source: source,
                                                                                            chinRow: chinRow)
            var counts = (belowChin: 0, aboveChin: 0)
            for y in 0..<size.height {
                for x in 0..<size.width {
                    let q = inverse.apply(Point(x: Double(x), y: Double(y)))
                    let past: Set<OutsideFill.Edge> = Set([q.x < 0 ? .left : nil, q.y > Double(source.height - 1) ? .bottom : nil].compactMap { $0 })
                    let i = y * size.width + x
                    guard !past.isEmpty else { continue }
                    let mirror = past.isSubset(of: mirrored)
                    if Double(y) >= chinRow {
                        #expect(picture[i] == mirror, "(\(x), \(y)) below the chin, beyond \(past)")
                        counts.belowChin += mirror ? 1 : 0
                    } else {
                        #expect(!picture[i], "(\(x), \(y)) above the chin is backdrop, mirrored or not")
                        counts.aboveChin += 1
                    }
                }
            }
            #expect(counts.belowChin > 100, "\(mirrored): mirrored pixels below the chin count as picture")
            if mirrored.contains(.left) { #expect(counts.aboveChin > 20, "the left wedge reaches above the chin") }
            #expect(zip(picture, covered).allSatisfy { !$1 || $0 }, "the master's own pixels are picture")
        }
    }

}
