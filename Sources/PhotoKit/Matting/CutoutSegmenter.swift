import CVision

/// Separates the whole person (head, hair, neck, shoulders) from the backdrop in a spec's
/// crop with GrabCut, seeded by the landmarks: the face and the neck below the chin are
/// certainly person, the head and the torso below the chin probably are, the crop's border
/// ring (top, and sides above the chin) and whatever lies outside the master certainly is
/// backdrop. Pixels of the backdrop's own colour start as probable backdrop even inside
/// the head and torso shapes (the gap between neck and collar, a shoulder missing from the
/// frame). Only the piece connected to the face is kept, and the torso below the neck has
/// no holes.
struct CutoutSegmenter: Sendable {
    var iterations: Int32 = 3

    // GrabCut's labels (cv::GrabCutClasses).
    static let background: UInt8 = 0, foreground: UInt8 = 1
    static let probableBackground: UInt8 = 2, probableForeground: UInt8 = 3
    /// Rows this far below the chin (in face widths) and lower cross the shoulders and chest.
    static let torsoBelowChin = 0.3

    /// The person mask (1 person, 0 backdrop) and the seeds that were certain person.
    struct Result {
        var person: [UInt8]
        var certainPerson: [Bool]
    }

    /// `landmarks` in `image`'s coordinates; `backdrop` marks pixels known to be backdrop.
    /// `backdropLike` marks pixels of the backdrop's colour.
    func segment(_ image: Image, landmarks l: FaceLandmarks, backdrop: [Bool], backdropLike: [Bool]) throws -> Result {
        let w = image.width, h = image.height
        var labels = [UInt8](repeating: Self.probableBackground, count: w * h)
        let fw = l.faceWidth, c = l.faceCentre, eyes = l.eyeCentre, chin = l.chin
        // Probable head: an ellipse from above a typical crown to the chin, wider than the ears.
        let top = eyes.y - 1.0 * fw
        let headCentre = Point(x: c.x, y: (top + chin.y) / 2), ax = 0.62 * fw, ay = (chin.y - top) / 2
        // Probable torso: from the chin down, widening from the neck to the shoulders.
        let neckTop = chin.y - 0.05 * fw
        for y in 0..<h {
            for x in 0..<w {
                let dx = (Double(x) - headCentre.x) / ax, dy = (Double(y) - headCentre.y) / ay
                let below = Double(y) - neckTop
                let halfWidth = below > 0 ? min(1.4 * fw, 0.4 * fw + 1.6 * below) : -1
                if (dx * dx + dy * dy <= 1 || abs(Double(x) - c.x) <= halfWidth) && !backdropLike[y * w + x] {
                    labels[y * w + x] = Self.probableForeground
                }
            }
        }
        for i in 0..<(w * h) where backdrop[i] { labels[i] = Self.background }
        // Certain person: the face inside jaw and brows, shrunk a little, and the neck and
        // chest straight below the chin.
        var certain = PolygonFill.inside(l.certainFace, width: w, height: h)
        let neckHalf = 0.22 * fw
        for y in Self.span(chin.y, Double(h), limit: h) {
            for x in Self.span(c.x - neckHalf, c.x + neckHalf, limit: w) where !backdrop[y * w + x] { certain[y * w + x] = true }
        }
        for i in 0..<(w * h) where certain[i] { labels[i] = Self.foreground }

        let mask = try Image.gray(labels, width: w, height: h)
        try GrabCut.segment(image, labels: mask, iterations: iterations, operation: "separate person from backdrop")
        let person = mask.bytes.map { $0 == Self.foreground || $0 == Self.probableForeground ? UInt8(1) : 0 }
        let seed = l.centroidOfFace
        var connected = PersonSegmenter.component(of: person, width: w, height: h,
                                                  containing: (Int(seed.x.rounded()), Int(seed.y.rounded())))
        // Below the neck a head-and-shoulders photo shows no backdrop between the person's
        // outer edges, but clothes of the backdrop's colour (a white collar before a white
        // wall) are cut away by colour alone: each such row is filled from edge to edge.
        let torsoTop = max(0, Int((chin.y + Self.torsoBelowChin * fw).rounded(.up)))
        for y in torsoTop..<max(torsoTop, h) {
            let row = y * w
            guard let first = (0..<w).first(where: { connected[row + $0] == 1 }),
                  let last = (0..<w).last(where: { connected[row + $0] == 1 }) else { continue }
            for x in first...last where !backdrop[row + x] { connected[row + x] = 1 }
        }
        return Result(person: connected, certainPerson: certain)
    }

    /// The whole pixel indices from `low` to `high` that lie in 0..<limit (empty when none
    /// do: a face near the crop's edge).
    static func span(_ low: Double, _ high: Double, limit: Int) -> Range<Int> {
        let start = max(0, Int(low.rounded(.down))), end = min(limit, Int(high.rounded(.down)) + 1)
        return start < end ? start..<end : 0..<0
    }
}
