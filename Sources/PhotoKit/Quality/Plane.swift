/// One channel of an image as floats, row-major, for the pixel measures.
struct Plane: Sendable {
    let width: Int
    let height: Int
    var values: [Float]

    init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height)
        self.width = width
        self.height = height
        self.values = values
    }

    subscript(x: Int, y: Int) -> Float { values[y * width + x] }

    /// The channels of an 8-bit image as planes (channel order as stored).
    static func channels(of image: Image) -> [Plane] {
        precondition(image.depth == .uint8)
        let w = image.width, h = image.height, c = image.channels
        // Through raw buffers: the measures split a dozen 184 000-pixel views per image.
        let planes = image.withPixels { data, stride in
            (0..<c).map { k in
                [Float](unsafeUninitializedCapacity: w * h) { out, count in
                    for y in 0..<h {
                        let row = data + y * stride + k, start = y * w
                        for x in 0..<w { out[start + x] = Float(row[x * c]) }
                    }
                    count = w * h
                }
            }
        }
        return planes.map { Plane(width: w, height: h, values: $0) }
    }

    /// Box mean over a (2r+1)² window, edges clamped (summed-area table).
    func boxMean(radius r: Int) -> Plane {
        BoxSums(self).means(radius: r)
    }

    /// Local standard deviation over a (2r+1)² window.
    func localDeviation(radius r: Int) -> Plane {
        let mean = boxMean(radius: r)
        let squares = Plane(width: width, height: height, values: values.map { $0 * $0 }).boxMean(radius: r)
        return Plane(width: width, height: height,
                     values: zip(squares.values, mean.values).map { max(0, $0 - $1 * $1).squareRoot() })
    }
}

/// Which pixels of a plane a statistic looks at.
struct Region: Sendable {
    let width: Int
    let height: Int
    var members: [Bool]

    init(width: Int, height: Int, members: [Bool]) {
        self.width = width
        self.height = height
        self.members = members
    }

    init(width: Int, height: Int, where include: (Int, Int) -> Bool) {
        var members = [Bool](repeating: false, count: width * height)
        for y in 0..<height { for x in 0..<width where include(x, y) { members[y * width + x] = true } }
        self.init(width: width, height: height, members: members)
    }

    var count: Int {
        members.withUnsafeBufferPointer { m in
            var n = 0
            for member in m where member { n += 1 }
            return n
        }
    }

    func values(of plane: Plane) -> [Float] {
        let n = count
        return [Float](unsafeUninitializedCapacity: n) { out, filled in
            members.withUnsafeBufferPointer { m in
                plane.values.withUnsafeBufferPointer { v in
                    var j = 0
                    for i in 0..<m.count where m[i] {
                        out[j] = v[i]
                        j += 1
                    }
                    filled = j
                }
            }
        }
    }

    func intersecting(_ other: Region) -> Region { combined(with: other) { $0 && $1 } }

    func subtracting(_ other: Region) -> Region { combined(with: other) { $0 && !$1 } }

    func union(_ other: Region) -> Region { combined(with: other) { $0 || $1 } }

    /// Pixel by pixel, through raw buffers (the aligned view has 184 000 pixels).
    @inline(__always)
    private func combined(with other: Region, _ rule: (Bool, Bool) -> Bool) -> Region {
        precondition(other.members.count == members.count)
        let combined = [Bool](unsafeUninitializedCapacity: members.count) { out, count in
            members.withUnsafeBufferPointer { a in
                other.members.withUnsafeBufferPointer { b in
                    for i in 0..<a.count { out[i] = rule(a[i], b[i]) }
                }
            }
            count = members.count
        }
        return Region(width: width, height: height, members: combined)
    }

    /// Pixels inside `polygon` (even-odd rule).
    static func polygon(_ polygon: [Point], width: Int, height: Int) -> Region {
        Region(width: width, height: height, members: PolygonFill.inside(polygon, width: width, height: height))
    }

    /// Pixels inside the axis-aligned rectangle [x0, x1) × [y0, y1).
    static func rectangle(x0: Double, y0: Double, x1: Double, y1: Double, width: Int, height: Int) -> Region {
        let a = max(0, Int(x0)), b = min(width, Int(x1)), c = max(0, Int(y0)), d = min(height, Int(y1))
        var members = [Bool](repeating: false, count: width * height)
        if a < b, c < d { for y in c..<d { for x in a..<b { members[y * width + x] = true } } }
        return Region(width: width, height: height, members: members)
    }
}

/// Order statistics of a sample.
enum Statistics {
    static func mean(_ v: [Float]) -> Double { v.isEmpty ? .nan : v.reduce(0.0) { $0 + Double($1) } / Double(v.count) }

    static func deviation(_ v: [Float]) -> Double {
        let m = mean(v)
        return (v.reduce(0.0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(max(1, v.count))).squareRoot()
    }

    /// The p-th quantile (0–1) by nearest rank; NaN for an empty sample. Found by selection
    /// (Hoare's quickselect, median-of-three pivots), not a full sort: the measures take
    /// quantiles of up to 184 000 pixels.
    static func quantile(_ v: [Float], _ p: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        let rank = min(v.count - 1, max(0, Int((p * Double(v.count - 1)).rounded())))
        var values = v
        return Double(values.withUnsafeMutableBufferPointer { select(rank, in: $0) })
    }

    /// The value that would stand at `rank` if `a` were sorted; reorders `a`.
    static func select(_ rank: Int, in a: UnsafeMutableBufferPointer<Float>) -> Float {
        var low = 0, high = a.count - 1
        while high > low {
            let mid = low + (high - low) / 2
            // Median of three as pivot: sorted input (common in flat regions) stays linear.
            if a[mid] < a[low] { a.swapAt(mid, low) }
            if a[high] < a[low] { a.swapAt(high, low) }
            if a[high] < a[mid] { a.swapAt(high, mid) }
            let pivot = a[mid]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j { high = j } else if rank >= i { low = i } else { return a[rank] }
        }
        return a[rank]
    }

    static func median(_ v: [Float]) -> Double { quantile(v, 0.5) }
}
