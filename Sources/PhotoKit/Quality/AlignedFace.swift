import Foundation

/// The face and its surroundings levelled (roll removed) and scaled to a fixed eye distance,
/// as OFIQ aligns faces before measuring, with the regions the pixel measures look at. At a
/// fixed scale one threshold means the same thing for a phone selfie and a 12 MP master.
struct AlignedFace {
    static let eyeDistance = 64.0
    static let width = 384, height = 480
    static let eyeCentre = Point(x: 192, y: 200)

    let image: Image
    /// Luma 0–255 (BT.601, as OpenCV's gray).
    let gray: Plane
    /// CIE L* (0–100), a*, b*.
    let lightness: Plane, a: Plane, b: Plane
    /// Largest of R, G, B per pixel (0–255), for clipping.
    let brightest: Plane
    let red: Plane, green: Plane, blue: Plane
    let landmarks: FaceLandmarks
    /// View pixels per master pixel.
    let scale: Double

    let valid: Region
    /// Inside the jaw line and below the brows' upper edge.
    let face: Region
    /// Face minus eyes, brows, nostrils and mouth: bare skin.
    let skin: Region
    /// Bare skin on the cheeks under the eyes: the face's own colour reference (several
    /// measures read it, so it is found once).
    let cheeks: Region
    /// Outside the person and the hair around the head, above the chin; nil without a mask.
    let background: Region?
    /// Where the person is, by the mask (for telling near and far background apart).
    let personDistance: Plane?

    init(master: Image, landmarks source: FaceLandmarks, mask: PersonMask?) throws {
        let w = Self.width, h = Self.height
        let roll = source.roll
        scale = Self.eyeDistance / source.eyeDistance
        let toView = AffineTransform.similarity(rotation: -roll, scale: scale, pivot: source.eyeCentre, target: Self.eyeCentre)
        // Large masters: the view is warped from the master's halving at which it takes
        // between one half and all of the pixels, as a master shot at that resolution would
        // be (the warp's bilinear sampling would alias a larger reduction); the halvings are
        // shared with the other reductions of the master.
        let halvings = Image.halvings(keeping: scale)
        let input = try master.halving(halvings)
        let inputToView = Image.centres(ofCopy: input.size, covering: PixelRect(x: 0, y: 0, width: input.width << halvings,
                                                                               height: input.height << halvings)).then(toView)
        image = try input.warped(inputToView, to: Size(width: w, height: h), interpolation: .linear, border: .colour(.init(blue: 0, green: 0, red: 0)))
        let bgr = Plane.channels(of: image)
        (blue, green, red) = (bgr[0], bgr[1], bgr[2])
        gray = Plane.channels(of: try image.converted(.bgrToGray))[0]
        let lab = Plane.channels(of: try image.converted(.bgrToLab))
        lightness = Plane(width: w, height: h, values: lab[0].values.map { $0 * 100 / 255 })
        a = Plane(width: w, height: h, values: lab[1].values.map { $0 - 128 })
        b = Plane(width: w, height: h, values: lab[2].values.map { $0 - 128 })
        brightest = Plane(width: w, height: h, values: (0..<(w * h)).map { max(bgr[0].values[$0], bgr[1].values[$0], bgr[2].values[$0]) })
        let l = source.transformed(by: toView)
        landmarks = l

        let fromView = toView.inverted()
        valid = Region(width: w, height: h) { x, y in
            let p = fromView.apply(Point(x: Double(x), y: Double(y)))
            return p.x >= 0 && p.y >= 0 && p.x < Double(master.width) && p.y < Double(master.height)
        }
        let ed = Self.eyeDistance
        let browTop = l.brows.map { Point(x: $0.x, y: $0.y - 0.1 * ed) }
        face = Region.polygon(Array(l.jaw) + browTop.reversed(), width: w, height: h).intersecting(valid)
        var excluded = Region(width: w, height: h, members: [Bool](repeating: false, count: w * h))
        for eye in [l.leftEye, l.rightEye] { excluded = excluded.union(Self.expandedBox(Array(eye), by: 0.25 * ed, w, h)) }
        excluded = excluded.union(Self.expandedBox(Array(l.brows), by: 0.12 * ed, w, h))
        excluded = excluded.union(Self.expandedBox(Array(l.points[31...35]), by: 0.1 * ed, w, h))
        excluded = excluded.union(Self.expandedBox(Array(l.points[48...59]), by: 0.1 * ed, w, h))
        skin = face.subtracting(excluded)
        cheeks = Self.cheeks(l, skin: skin)

        if let mask {
            // Distance (in view px, capped) from each view pixel to the person, by the mask.
            let viewToMask = fromView.then(mask.sourceToMask)
            let maskPerView = (viewToMask.a * viewToMask.a + viewToMask.d * viewToMask.d).squareRoot()
            let near = Self.distanceToPerson(mask)
            var distance = [Float](repeating: -1, count: w * h)
            for y in 0..<h {
                for x in 0..<w where valid.members[y * w + x] {
                    let q = viewToMask.apply(Point(x: Double(x), y: Double(y)))
                    let mx = Int(q.x), my = Int(q.y)
                    guard mx >= 0, my >= 0, mx < mask.width, my < mask.height else { continue }
                    distance[y * w + x] = near[my * mask.width + mx] / Float(maskPerView)
                }
            }
            // GrabCut's head mask (the fallback for busy backdrops) often misses hair (curls,
            // long hair at the sides), so with it the background also keeps out of an
            // ellipse around head and hair; the cut-out person includes them.
            let chinRow = l.chin.y, margin = Float(0.08 * ed)
            let hairCentre = Point(x: l.faceCentre.x, y: Self.eyeCentre.y - 0.3 * ed)
            let hairWidth = 2.1 * ed, hairHeight = 2.6 * ed
            let keepOffHair = mask.source == .headMask
            personDistance = Plane(width: w, height: h, values: distance)
            background = Region(width: w, height: h) { x, y in
                let dx = (Double(x) - hairCentre.x) / hairWidth, dy = (Double(y) - hairCentre.y) / hairHeight
                return Double(y) < chinRow && distance[y * w + x] > margin && (!keepOffHair || dx * dx + dy * dy > 1)
            }
        } else {
            personDistance = nil
            background = nil
        }
    }

    /// Mask-pixel distance to the nearest person pixel (0 on the person), by two passes of
    /// the chamfer (3-4) transform; good to a few percent, which is all the margins need.
    private static func distanceToPerson(_ mask: PersonMask) -> [Float] {
        let w = mask.width, h = mask.height
        var d = mask.pixels.map { $0 == 1 ? Float(0) : Float.greatestFiniteMagnitude / 4 }
        for y in 0..<h {
            for x in 0..<w {
                var v = d[y * w + x]
                if x > 0 { v = min(v, d[y * w + x - 1] + 1) }
                if y > 0 { v = min(v, d[(y - 1) * w + x] + 1) }
                if x > 0, y > 0 { v = min(v, d[(y - 1) * w + x - 1] + 1.414) }
                if x < w - 1, y > 0 { v = min(v, d[(y - 1) * w + x + 1] + 1.414) }
                d[y * w + x] = v
            }
        }
        for y in stride(from: h - 1, through: 0, by: -1) {
            for x in stride(from: w - 1, through: 0, by: -1) {
                var v = d[y * w + x]
                if x < w - 1 { v = min(v, d[y * w + x + 1] + 1) }
                if y < h - 1 { v = min(v, d[(y + 1) * w + x] + 1) }
                if x < w - 1, y < h - 1 { v = min(v, d[(y + 1) * w + x + 1] + 1.414) }
                if x > 0, y < h - 1 { v = min(v, d[(y + 1) * w + x - 1] + 1.414) }
                d[y * w + x] = v
            }
        }
        return d
    }

    private static func expandedBox(_ points: [Point], by margin: Double, _ w: Int, _ h: Int) -> Region {
        let xs = points.map(\.x), ys = points.map(\.y)
        return Region.rectangle(x0: xs.min()! - margin, y0: ys.min()! - margin, x1: xs.max()! + margin, y1: ys.max()! + margin, width: w, height: h)
    }

    /// The opening of one eye (its six landmarks), for pupil and iris statistics.
    func eyeOpening(_ eye: ArraySlice<Point>) -> Region {
        Region.polygon(Array(eye), width: Self.width, height: Self.height).intersecting(valid)
    }

    /// Bare skin on the cheeks under the eyes (within `skin`).
    private static func cheeks(_ l: FaceLandmarks, skin: Region) -> Region {
        let ed = Self.eyeDistance
        var region = Region(width: Self.width, height: Self.height, members: [Bool](repeating: false, count: Self.width * Self.height))
        for eye in [l.leftEye, l.rightEye] {
            let xs = eye.map(\.x), bottom = eye.map(\.y).max()!
            region = region.union(Region.rectangle(x0: xs.min()!, y0: bottom + 0.25 * ed, x1: xs.max()!, y1: l.noseTip.y,
                                                   width: Self.width, height: Self.height))
        }
        return region.intersecting(skin)
    }
}
