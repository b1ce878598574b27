import CVision

/// Separates the head from the backdrop with GrabCut, seeded by the landmarks: the face is
/// certainly person, an ellipse over face and hair probably is, the far border is certainly
/// backdrop. The window stops at the chin so clothes (often as light as the backdrop) do
/// not teach the person model backdrop colours. Runs on a copy scaled so the face is
/// `faceWidthInMask` wide. The fallback of `PersonCutoutSegmenter` when the backdrop is
/// too busy to cut out.
public struct PersonSegmenter: Sendable {
    public var faceWidthInMask: Double = 80
    /// One round: on the shared portraits the crowns are those of two (one within 1 % of a
    /// face width) and the widths within 0.07 face widths but one (a wet strand beside
    /// the ear: 0.18 narrower, nearer the head), for about a third less time on one core.
    public var iterations: Int32 = 1
    /// The head window's half width beside the face centre, in face widths.
    static let halfWidth = 1.5

    public init() {}

    // GrabCut's labels (cv::GrabCutClasses).
    private static let background: UInt8 = 0, foreground: UInt8 = 1
    private static let probableBackground: UInt8 = 2, probableForeground: UInt8 = 3

    public func segment(_ image: Image, landmarks: FaceLandmarks) throws -> PersonMask {
        let fw = landmarks.faceWidth
        let centre = landmarks.faceCentre, eyes = landmarks.eyeCentre, chin = landmarks.chin
        // Head window: generous above the eyes for tall hair, down to the chin.
        let wanted = PixelRect(x: Int(centre.x - Self.halfWidth * fw), y: Int(eyes.y - 1.9 * fw),
                               width: Int(2 * Self.halfWidth * fw), height: Int(chin.y - eyes.y + 1.9 * fw))
        let region = wanted.clamped(to: image.size)
        guard region.width > 8, region.height > 8 else {
            throw VisionError(status: CVISION_ERR_INVALID_ARGUMENT, operation: "segment person (face outside the image)")
        }
        let (small, toMask, covered) = try FaceWindow.reduce(image, region: region, scale: min(1, faceWidthInMask / fw), minimumSide: 8)
        let w = small.width, h = small.height
        let local = landmarks.transformed(by: toMask)
        let seeds = seedLabels(width: w, height: h, landmarks: local,
                               openTop: covered.y > 0, openLeft: covered.x > 0, openRight: covered.maxX < image.width)
        let mask = try Image.blank(width: w, height: h, channels: 1)
        mask.withPixels { data, stride in
            for y in 0..<h { for x in 0..<w { data[y * stride + x] = seeds[y * w + x] } }
        }
        try GrabCut.segment(small, labels: mask, iterations: iterations, operation: "separate person from background")
        var person = [UInt8](repeating: 0, count: w * h)
        mask.withPixels { data, stride in
            for y in 0..<h {
                for x in 0..<w {
                    let label = data[y * stride + x]
                    person[y * w + x] = (label == Self.foreground || label == Self.probableForeground) ? 1 : 0
                }
            }
        }
        let seed = local.centroidOfFace
        let connected = Self.component(of: person, width: w, height: h,
                                       containing: (Int(seed.x.rounded()), Int(seed.y.rounded())))
        return PersonMask(pixels: connected, width: w, height: h, sourceToMask: toMask, region: covered,
                          touchesImageTop: covered.y == 0, source: .headMask)
    }

    private func seedLabels(width w: Int, height h: Int, landmarks l: FaceLandmarks,
                            openTop: Bool, openLeft: Bool, openRight: Bool) -> [UInt8] {
        var labels = [UInt8](repeating: Self.probableBackground, count: w * h)
        let fw = l.faceWidth, c = l.faceCentre, eyes = l.eyeCentre, chin = l.chin
        func set(_ x: Int, _ y: Int, _ v: UInt8) { if x >= 0, y >= 0, x < w, y < h { labels[y * w + x] = v } }
        // Probable head: an ellipse from the chin to a typical crown, as wide as the ears.
        let top = eyes.y - 0.8 * fw
        let headCentre = Point(x: c.x, y: (top + chin.y) / 2), ax = 0.55 * fw, ay = (chin.y - top) / 2
        for y in 0..<h {
            for x in 0..<w {
                let dx = (Double(x) - headCentre.x) / ax, dy = (Double(y) - headCentre.y) / ay
                if dx * dx + dy * dy <= 1 { labels[y * w + x] = Self.probableForeground }
            }
        }
        // Certain backdrop: a thin band along open sides above the chin, never the bottom.
        let band = max(2, w / 40)
        for y in 0..<h where Double(y) < chin.y {
            for x in 0..<band {
                if openLeft { set(x, y, Self.background) }
                if openRight { set(w - 1 - x, y, Self.background) }
            }
        }
        if openTop { for y in 0..<band { for x in 0..<w { set(x, y, Self.background) } } }
        // Certain person: the face inside jaw and brows, shrunk a little.
        for (i, inside) in PolygonFill.inside(l.certainFace, width: w, height: h).enumerated() where inside {
            labels[i] = Self.foreground
        }
        return labels
    }

    /// The 4-connected component of `mask` (value 1) that contains `start`.
    static func component(of mask: [UInt8], width w: Int, height h: Int, containing start: (Int, Int)) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: w * h)
        guard start.0 >= 0, start.1 >= 0, start.0 < w, start.1 < h, mask[start.1 * w + start.0] == 1 else { return out }
        var stack = [start.1 * w + start.0]
        out[stack[0]] = 1
        while let index = stack.popLast() {
            let x = index % w, y = index / w
            for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < w && ny < h {
                let n = ny * w + nx
                if mask[n] == 1 && out[n] == 0 {
                    out[n] = 1
                    stack.append(n)
                }
            }
        }
        return out
    }
}

extension FaceLandmarks {
    /// A point well inside the face: between the nose bridge and the nose tip.
    var centroidOfFace: Point { .midpoint(noseBridgeTop, noseTip) }

    /// The face inside jaw and brows, shrunk by 15 % towards `centroidOfFace`: certainly the
    /// person, whatever the backdrop (the segmenters' foreground seed).
    var certainFace: [Point] {
        let centroid = centroidOfFace
        return (Array(jaw) + brows.reversed()).map {
            Point(x: centroid.x + ($0.x - centroid.x) * 0.85, y: centroid.y + ($0.y - centroid.y) * 0.85)
        }
    }
}
