import Foundation

/// A second look for a face whose upper part is hidden behind a flat occluder: a bar or sticker
/// over the eyes, dark glasses with little texture. dlib's detectors lean on the eyes, so such a
/// face scores below their operating points (the shared portraits with a grey bar over the eyes:
/// CNN −0.64 and −0.73, while the no-face fixture's best is −0.98 and lowering the threshold
/// alone would let non-faces in). A weak CNN candidate is looked at again with the flat patches
/// inside it filled in from their surroundings (OpenCV's Telea inpainting); it counts as a face
/// only when the CNN then finds one there at its own operating point. A patch counts when it is
/// enclosed by the candidate's surroundings (so not the backdrop) and covers part of the upper
/// face. The landmarks and every measure still see the photo as shot, so `eyes_visible` judges
/// the covered eyes. Not covered: occluders with texture (a hand), which are not flat.
extension FaceAnalyzer {
    /// CNN candidates down to this score are looked at again.
    static let occludedCandidateScore = -1.0
    /// How many of the strongest candidates are tried (each costs one CNN run).
    static let occludedCandidatesTried = 3
    /// A pixel is flat when the standard deviation of the luma in the 5×5 window around it, at
    /// the CNN's working scale, is below this (grey levels): a printed or painted patch after
    /// JPEG, not skin, hair or fabric at that scale.
    static let flatDeviation = 2.5
    /// A flat patch must cover at least this fraction of the candidate box's upper two thirds.
    static let occluderMinimumShare = 0.04

    /// The candidate in `candidates` (most confident first) that the CNN finds as a face once
    /// the flat patches inside it are filled in, with the score it then has; nil when none.
    func detectBehindOccluder(in image: Image, candidates: [FaceBox]) throws -> FaceBox? {
        for candidate in candidates.prefix(Self.occludedCandidatesTried) {
            let x0 = max(0, Int((candidate.left - candidate.width / 2).rounded(.down)))
            let y0 = max(0, Int((candidate.top - candidate.height / 2).rounded(.down)))
            let x1 = min(image.width, Int((candidate.right + candidate.width / 2).rounded(.up)))
            let y1 = min(image.height, Int((candidate.bottom + candidate.height / 2).rounded(.up)))
            guard x1 - x0 >= 16, y1 - y0 >= 16 else { continue }
            let (view, region) = try image.scaled(covering: PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0),
                                                  scale: Double(cnnDetectionSide) / Double(max(x1 - x0, y1 - y0)))
            let scale = Double(view.width) / Double(region.width), dx = Double(region.x), dy = Double(region.y)
            let box = FaceBox(left: (candidate.left - dx) * scale, top: (candidate.top - dy) * scale,
                              right: (candidate.right - dx) * scale, bottom: (candidate.bottom - dy) * scale,
                              score: candidate.score, detector: .cnn)
            guard let mask = try Self.occluderMask(in: view, box: box) else { continue }
            let filled = try view.inpainted(mask: mask, radius: 5)
            let found = try detectWithCNN(in: filled, region: PixelRect(x: 0, y: 0, width: view.width, height: view.height))
            guard let face = found.first(where: { $0.score >= 0 && box.contains($0.centre) }) else { continue }
            return FaceBox(left: face.left / scale + dx, top: face.top / scale + dy,
                           right: face.right / scale + dx, bottom: face.bottom / scale + dy,
                           score: face.score, detector: .cnn, behindOccluder: true)
        }
        return nil
    }

    /// The flat patches of `view` that lie inside it (not touching its edge) and cover at least
    /// `occluderMinimumShare` of the upper two thirds of `box`, grown by 3 px to take in the
    /// patch's JPEG-ringing rim; nil when there is none.
    static func occluderMask(in view: Image, box: FaceBox) throws -> Image? {
        let w = view.width, h = view.height
        guard view.channels == 3, w >= 8, h >= 8 else { return nil }
        var luma = [Double](repeating: 0, count: w * h)
        view.withPixels { data, stride in
            for y in 0..<h {
                let row = data + y * stride
                for x in 0..<w {
                    let b = Double(row[3 * x]), g = Double(row[3 * x + 1]), r = Double(row[3 * x + 2])
                    luma[y * w + x] = 0.114 * b + 0.587 * g + 0.299 * r
                }
            }
        }
        // Integral images of luma and its square for the 5×5 window statistics.
        var sum = [Double](repeating: 0, count: (w + 1) * (h + 1)), squares = sum
        for y in 0..<h {
            var rowSum = 0.0, rowSquares = 0.0
            for x in 0..<w {
                let v = luma[y * w + x]
                rowSum += v
                rowSquares += v * v
                sum[(y + 1) * (w + 1) + x + 1] = sum[y * (w + 1) + x + 1] + rowSum
                squares[(y + 1) * (w + 1) + x + 1] = squares[y * (w + 1) + x + 1] + rowSquares
            }
        }
        var flat = [Bool](repeating: false, count: w * h)
        for y in 2..<(h - 2) {
            for x in 2..<(w - 2) {
                func total(_ t: [Double]) -> Double {
                    t[(y + 3) * (w + 1) + x + 3] - t[(y - 2) * (w + 1) + x + 3] - t[(y + 3) * (w + 1) + x - 2] + t[(y - 2) * (w + 1) + x - 2]
                }
                let mean = total(sum) / 25, variance = max(0, total(squares) / 25 - mean * mean)
                flat[y * w + x] = variance.squareRoot() < flatDeviation
            }
        }
        // Connected flat patches (4-neighbours); keep those enclosed by the view that cover
        // enough of the box's upper two thirds.
        let bandLeft = Int(box.left.rounded()), bandRight = Int(box.right.rounded())
        let bandTop = Int(box.top.rounded()), bandBottom = Int((box.top + box.height * 2 / 3).rounded())
        let bandArea = Double(max(1, (bandRight - bandLeft) * (bandBottom - bandTop)))
        var label = [Int32](repeating: -1, count: w * h)
        var keep = [Bool](repeating: false, count: w * h)
        var stack: [Int] = [], members: [Int] = []
        var next: Int32 = 0
        for start in 0..<(w * h) where flat[start] && label[start] < 0 {
            label[start] = next
            stack = [start]
            members.removeAll(keepingCapacity: true)
            var touchesEdge = false, inBand = 0
            while let i = stack.popLast() {
                members.append(i)
                let x = i % w, y = i / w
                if x <= 2 || y <= 2 || x >= w - 3 || y >= h - 3 { touchesEdge = true }
                if x >= bandLeft, x < bandRight, y >= bandTop, y < bandBottom { inBand += 1 }
                for j in [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1]
                where j >= 0 && flat[j] && label[j] < 0 {
                    label[j] = next
                    stack.append(j)
                }
            }
            next += 1
            if !touchesEdge, Double(inBand) >= occluderMinimumShare * bandArea {
                for i in members { keep[i] = true }
            }
        }
        guard keep.contains(true) else { return nil }
        let mask = try Image.blank(width: w, height: h, channels: 1)
        mask.withPixels { data, stride in
            for y in 0..<h {
                for x in 0..<w where keep[y * w + x] {
                    for yy in max(0, y - 3)...min(h - 1, y + 3) {
                        for xx in max(0, x - 3)...min(w - 1, x + 3) { data[yy * stride + xx] = 255 }
                    }
                }
            }
        }
        return mask
    }
}
