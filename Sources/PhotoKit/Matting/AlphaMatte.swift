/// How much of each pixel is person: 0 backdrop, 1 person, in between where hair or an
/// edge mixes both. Row-major.
public struct AlphaMatte: Sendable {
    public let width: Int
    public let height: Int
    public var values: [Float]

    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height)
        self.width = width
        self.height = height
        self.values = values
    }

    public subscript(x: Int, y: Int) -> Float { values[y * width + x] }

    /// Reads a one-channel image: 8-bit (0–255) or 32-bit float (0–1).
    init(_ image: Image) {
        precondition(image.channels == 1)
        let w = image.width, h = image.height
        var values = [Float](repeating: 0, count: w * h)
        image.withPixels { data, stride in
            for y in 0..<h {
                let row = data + y * stride
                if image.depth == .float32 {
                    row.withMemoryRebound(to: Float.self, capacity: w) { p in for x in 0..<w { values[y * w + x] = p[x] } }
                } else {
                    for x in 0..<w { values[y * w + x] = Float(row[x]) / 255 }
                }
            }
        }
        self.init(width: w, height: h, values: values)
    }

    /// A one-channel 32-bit float image of the matte.
    func image() throws -> Image {
        let image = try Image.blank(width: width, height: height, channels: 1, depth: .float32)
        image.withPixels { data, stride in
            for y in 0..<height {
                (data + y * stride).withMemoryRebound(to: Float.self, capacity: width) { p in
                    for x in 0..<width { p[x] = values[y * width + x] }
                }
            }
        }
        return image
    }

    /// Sum of absolute differences against `truth` (in alpha units, as the matting
    /// benchmarks report it, often divided by 1000) and the mean squared error.
    public func error(against truth: AlphaMatte) -> (sad: Double, mse: Double) {
        precondition(width == truth.width && height == truth.height)
        var sad = 0.0, squares = 0.0
        for i in values.indices {
            let d = Double(values[i] - truth.values[i])
            sad += abs(d)
            squares += d * d
        }
        return (sad, squares / Double(values.count))
    }

    /// The highest row where the matte is mostly person (α ≥ 0.5) within `halfWidth` px
    /// of column `axis`: the crown, hair included, as the matte sees it.
    public func crownRow(axis: Double, halfWidth: Double) -> Int? {
        let x0 = max(0, Int((axis - halfWidth).rounded())), x1 = min(width - 1, Int((axis + halfWidth).rounded()))
        guard x0 <= x1 else { return nil }
        for y in 0..<height where (x0...x1).contains(where: { values[y * width + $0] >= 0.5 }) { return y }
        return nil
    }
}
