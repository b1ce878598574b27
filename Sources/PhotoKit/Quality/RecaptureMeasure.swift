import Foundation

/// A photo of a printed photo or of a screen (police rule: no re-photographed photos;
/// not in OFIQ). Screens and halftone prints add a periodic texture — the pixel or dot
/// grid and the moiré it makes with the camera's sensor — that shows as isolated peaks
/// in the face's spectrum, which for a real face falls off smoothly with frequency.
///
/// On the face at native resolution: Welch's average of 64×64 Hann-windowed power spectra
/// (tiles on the 8-pixel grid), and for each frequency with a period under 10 pixels, its
/// power over the median power of the frequencies around it. The value is the
/// largest such ratio. When JPEG blocking is visible (see `compression`, which judges it),
/// frequencies on the block lattice (multiples of 1/8 cycle per pixel in either axis, ±1
/// bin) are skipped; otherwise they are kept, as a screen's moiré often lands there.
enum RecaptureMeasure {
    static let tile = 64

    /// Blockiness (the `compression` value) above which the JPEG lattice is skipped.
    static let visibleBlocking = 1.2

    static func measure(_ crop: NativeFaceCrop?, blockiness: Double?) throws -> RawMeasurement {
        let skipLattice = (blockiness ?? 0) > visibleBlocking
        guard let crop else { return .unknown("the face is smaller than 64 px in the master") }
        let p = crop.luma, n = tile
        let window: [Float] = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n - 1))) }
        var average = [Float](repeating: 0, count: n * n)
        var tiles = 0
        for y0 in stride(from: 0, through: p.height - n, by: n / 2) {
            for x0 in stride(from: 0, through: p.width - n, by: n / 2) {
                var values = [Float](repeating: 0, count: n * n)
                p.values.withUnsafeBufferPointer { luma in
                    var mean: Float = 0
                    for y in 0..<n { for x in 0..<n { mean += luma[(y0 + y) * p.width + x0 + x] } }
                    mean /= Float(n * n)
                    for y in 0..<n { for x in 0..<n { values[y * n + x] = (luma[(y0 + y) * p.width + x0 + x] - mean) * window[x] * window[y] } }
                }
                let power = try Image.floats(values, width: n, height: n).powerSpectrum()
                for i in 0..<(n * n) { average[i] += power[i] }
                tiles += 1
            }
        }
        guard tiles > 0 else { return .unknown("the face is smaller than 64 px in the master") }
        // Frequencies as signed bins (-n/2..<n/2); the spectrum is symmetric, so the upper
        // half-plane suffices, and neighbourhoods wrap around at the Nyquist edges as the
        // spectrum does. Each candidate is compared with the median of its 7×7
        // neighbourhood (centre 3×3 left out): a smooth spectrum, or the broad ridges and
        // nulls of a blur kernel, stay near 1; a periodic texture is a sharp spike.
        func signed(_ k: Int) -> Int { k < n / 2 ? k : k - n }
        func onBlockLattice(_ k: Int) -> Bool { let m = ((k % 8) + 8) % 8; return m == 0 || m == 1 || m == 7 }
        func power(_ u: Int, _ v: Int) -> Float { average[((v + n) % n) * n + (u + n) % n] }
        let minRadius = Double(n) / 10
        var best: Float = 0, bestU = 0, bestV = 0
        var neighbours = [Float]()
        neighbours.reserveCapacity(40)
        for v in 0...(n / 2) {
            for u in (-n / 2 + 1)..<(n / 2) {
                guard v > 0 || u > 0 else { continue }
                let r = (Double(u * u + v * v)).squareRoot()
                guard r >= minRadius, !skipLattice || (!onBlockLattice(u) && !onBlockLattice(v)) else { continue }
                neighbours.removeAll(keepingCapacity: true)
                for dv in -3...3 { for du in -3...3 where abs(du) > 1 || abs(dv) > 1 { neighbours.append(power(u + du, v + dv)) } }
                let baseline = neighbours.withUnsafeMutableBufferPointer { Statistics.select($0.count / 2, in: $0) }
                guard baseline > 0 else { continue }
                let ratio = power(u, v) / baseline
                if ratio > best { (best, bestU, bestV) = (ratio, u, v) }
            }
        }
        let period = Double(n) / (Double(bestU * bestU + bestV * bestV)).squareRoot()
        return .value(Double(best), ["tiles": Double(tiles), "peakPeriodPixels": period])
    }
}
