/// A plane's summed-area table, in Double so that long sums stay exact: the mean over any
/// (2r+1)² window, edges clamped, at any pixel. `Plane.boxMean` takes every pixel's mean;
/// a caller that needs only some pixels' means, at one or several radii, asks for those
/// from one table.
struct BoxSums: Sendable {
    let width: Int
    let height: Int
    /// (width + 1) × (height + 1), with a zero first row and column.
    private let sums: [Double]

    init(_ plane: Plane) {
        let w = plane.width, h = plane.height, sw = w + 1
        width = w
        height = h
        var sums = [Double](repeating: 0, count: sw * (h + 1))
        sums.withUnsafeMutableBufferPointer { s in
            plane.values.withUnsafeBufferPointer { v in
                for y in 0..<h {
                    var row = 0.0
                    for x in 0..<w {
                        row += Double(v[y * w + x])
                        s[(y + 1) * sw + x + 1] = s[y * sw + x + 1] + row
                    }
                }
            }
        }
        self.sums = sums
    }

    /// The mean of the (2r+1)² window around (x, y), clipped to the plane.
    func mean(x: Int, y: Int, radius r: Int) -> Float {
        sums.withUnsafeBufferPointer { Self.mean($0, x: x, y: y, radius: r, width: width, height: height) }
    }

    /// Every pixel's mean, as a plane.
    func means(radius r: Int) -> Plane {
        let w = width, h = height
        let out = [Float](unsafeUninitializedCapacity: w * h) { out, count in
            sums.withUnsafeBufferPointer { s in
                for y in 0..<h {
                    for x in 0..<w { out[y * w + x] = Self.mean(s, x: x, y: y, radius: r, width: w, height: h) }
                }
            }
            count = w * h
        }
        return Plane(width: w, height: h, values: out)
    }

    @inline(__always)
    private static func mean(_ s: UnsafeBufferPointer<Double>, x: Int, y: Int, radius r: Int, width w: Int, height h: Int) -> Float {
        let sw = w + 1
        let y0 = max(0, y - r), y1 = min(h, y + r + 1), x0 = max(0, x - r), x1 = min(w, x + r + 1)
        let sum = s[y1 * sw + x1] - s[y0 * sw + x1] - s[y1 * sw + x0] + s[y0 * sw + x0]
        return Float(sum / Double((x1 - x0) * (y1 - y0)))
    }
}
