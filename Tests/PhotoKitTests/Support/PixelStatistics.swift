@testable import PhotoKit

/// Small pixel helpers for assertions.
enum PixelStatistics {
    /// BGR values at (x, y).
    static func pixel(_ image: Image, x: Int, y: Int) -> [UInt8] {
        image.withPixels { data, stride in (0..<3).map { data[y * stride + x * 3 + $0] } }
    }

    static func meanAbsoluteDifference(_ a: Image, _ b: Image) -> Double {
        precondition(a.width == b.width && a.height == b.height)
        var total = 0
        a.withPixels { pa, sa in
            b.withPixels { pb, sb in
                for y in 0..<a.height {
                    for x in 0..<(a.width * 3) { total += abs(Int(pa[y * sa + x]) - Int(pb[y * sb + x])) }
                }
            }
        }
        return Double(total) / Double(a.width * a.height * 3)
    }
}

