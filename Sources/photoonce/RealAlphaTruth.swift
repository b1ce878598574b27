import Foundation
import PhotoKit

/// The matte measured against a real one: a transparent PNG (people cut out by hand, with
/// soft hair) is flattened onto plain backdrops by the decoder, and each face's
/// head-and-shoulders window is matted at the picture's own scale; the window's alpha is
/// the truth. Faces too small for any spec are fine here: no photo is made, only the matte.
struct RealAlphaTruth {
    let pipeline: PhotoPipeline
    /// Where the mattes found and the truth windows are written (PNG), when given.
    var out: URL?

    struct Row {
        var face: Int
        var backdrop: String
        var sad: Double?
        var mse: Double?
        var pixels: Int
        var reason: String?
    }

    /// The truth alpha (0–1) of `bytes`: the PNG flattened onto black and onto white differ
    /// by (1 − α)·255 in every channel.
    func alpha(of bytes: [UInt8]) throws -> AlphaMatte? {
        let onBlack = try ImageDecoder(limits: pipeline.decoder.limits, matte: RGBColor(red: 0, green: 0, blue: 0)).decode(bytes)
        let onWhite = try ImageDecoder(limits: pipeline.decoder.limits, matte: .white).decode(bytes).image
        let w = onWhite.width, h = onWhite.height
        var values = [Float](repeating: 0, count: w * h)
        onBlack.image.withPixels { black, blackStride in
            onWhite.withPixels { white, whiteStride in
                for y in 0..<h {
                    for x in 0..<w {
                        var gap = 0
                        for c in 0..<3 { gap += Int(white[y * whiteStride + 3 * x + c]) - Int(black[y * blackStride + 3 * x + c]) }
                        values[y * w + x] = max(0, min(1, 1 - Float(gap) / (3 * 255)))
                    }
                }
            }
        }
        // An opaque file flattens the same onto both: no truth in it.
        return values.contains { $0 < 0.99 } ? AlphaMatte(width: w, height: h, values: values) : nil
    }

    /// One row per face and backdrop; nil when the file has no alpha channel.
    func measure(_ bytes: [UInt8], backdrops: [String]) throws -> [Row]? {
        guard let truth = try alpha(of: bytes) else { return nil }
        var rows: [Row] = []
        for hex in backdrops {
            let colour = RGBColor(hex: hex)!
            let image = try ImageDecoder(limits: pipeline.decoder.limits, matte: colour).decode(bytes).image
            let faces = try pipeline.analyzer.detectFaces(in: image, confidence: PhotoPipeline.faceScoreThreshold)
                .sorted { ($0.left, $0.top) < ($1.left, $1.top) }
            for (index, box) in faces.enumerated() {
                let landmarks = try pipeline.analyzer.landmarks(in: image, box: box)
                // The person mask's head-and-shoulders window.
                let window = pipeline.segmenter.window(around: landmarks, in: image.size)
                let crop = try image.cropped(to: window)
                let local = landmarks.transformed(by: AffineTransform(a: 1, b: 0, c: -Double(window.x), d: 0, e: 1, f: -Double(window.y)))
                let outcome = try pipeline.replacer.replace(crop, landmarks: local, covered: .init(repeating: true, count: window.width * window.height),
                                                            colour: .white, name: "white")
                var row = Row(face: index + 1, backdrop: hex, pixels: window.width * window.height)
                if let matte = outcome.matte {
                    var truthValues = [Float](repeating: 0, count: window.width * window.height)
                    for y in 0..<window.height {
                        for x in 0..<window.width { truthValues[y * window.width + x] = truth[window.x + x, window.y + y] }
                    }
                    let known = AlphaMatte(width: window.width, height: window.height, values: truthValues)
                    let error = matte.error(against: known)
                    if let out {
                        let stem = "real-face\(index + 1)-\(hex.dropFirst())"
                        try EvalMattingCommand.writeMatte(matte, to: out.appendingPathComponent(stem + "-alpha.png"))
                        try EvalMattingCommand.writeMatte(known, to: out.appendingPathComponent(stem + "-truth.png"))
                        try Data(try PNGEncoder.encode(outcome.image)).write(to: out.appendingPathComponent(stem + ".png"))
                    }
                    row.sad = error.sad
                    row.mse = error.mse
                } else {
                    row.reason = outcome.report.reason
                }
                rows.append(row)
            }
        }
        return rows
    }
}
