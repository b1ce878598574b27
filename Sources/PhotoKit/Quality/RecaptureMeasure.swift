import Foundation

/// A photo of a printed photo or of a screen (police rule: no re-photographed photos;
/// not in OFIQ). Screens and halftone prints add a periodic texture — the pixel or dot
/// grid and the moiré it makes with the camera's sensor — that shows as isolated peaks
/// in the face's spectrum, which for a real face falls off smoothly with frequency.
///
/// On the face at native resolution: Welch's average of 64×64 Hann-windowed power spectra
/// (tiles on the 8-pixel grid), and for each frequency between periods of 2 and 10 pixels,
/// its power over the median power of its ring (same radius). The value is the largest
/// such ratio. Frequencies on the JPEG block lattice (multiples of 1/8 cycle per pixel
/// in either axis, ±1 bin) are skipped: JPEG blocking is judged by `compression`.
enum RecaptureMeasure {
    static let tile = 64

    static func measure(_ crop: NativeFaceCrop?) throws -> RawMeasurement {
        guard let crop else { return .unknown("the face is smaller than 64 px in the master") }
        let p = crop.luma, n = tile
        let window: [Float] = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n - 1))) }
        var average = [Float](repeating: 0, count: n * n)
        var tiles = 0
        for y0 in stride(from: 0, through: p.height - n, by: n / 2) {
            for x0 in stride(from: 0, through: p.width - n, by: n / 2) {
                var values = [Float](repeating: 0, count: n * n)
                var mean: Float = 0
                for y in 0..<n { for x in 0..<n { mean += p[x0 + x, y0 + y] } }
                mean /= Float(n * n)
                for y in 0..<n { for x in 0..<n { values[y * n + x] = (p[x0 + x, y0 + y] - mean) * window[x] * window[y] } }
                let power = try Image.floats(values, width: n, height: n).powerSpectrum()
                for i in 0..<(n * n) { average[i] += power[i] }
                tiles += 1
            }
        }
        guard tiles > 0 else { return .unknown("the face is smaller than 64 px in the master") }
        // Frequencies as signed bins (-n/2..<n/2), upper half-plane (the spectrum is symmetric).
        func signed(_ k: Int) -> Int { k < n / 2 ? k : k - n }
        func onBlockLattice(_ k: Int) -> Bool { let m = ((k % 8) + 8) % 8; return m == 0 || m == 1 || m == 7 }
        var rings: [Int: [Float]] = [:]
        var candidates: [(radius: Int, power: Float, u: Int, v: Int)] = []
        let minRadius = n / 10, maxRadius = n / 2
        for y in 0..<n {
            for x in 0..<n {
                let u = signed(x), v = signed(y)
                guard v > 0 || (v == 0 && u > 0) else { continue }
                let r = Int((Double(u * u + v * v)).squareRoot().rounded())
                guard r >= minRadius - 1, r <= maxRadius else { continue }
                let power = average[y * n + x]
                rings[r, default: []].append(power)
                if r >= minRadius, !onBlockLattice(u), !onBlockLattice(v) { candidates.append((r, power, u, v)) }
            }
        }
        var medians: [Int: Float] = [:]
        for (r, values) in rings { medians[r] = Float(Statistics.median(values)) }
        var best: Float = 0, bestU = 0, bestV = 0
        for c in candidates {
            // The ring baseline pools the neighbouring radii so one ring's few bins do not decide.
            let pool = [c.radius - 1, c.radius, c.radius + 1].compactMap { medians[$0] }
            let baseline = pool.sorted()[pool.count / 2]
            guard baseline > 0 else { continue }
            let ratio = c.power / baseline
            if ratio > best { (best, bestU, bestV) = (ratio, c.u, c.v) }
        }
        let period = Double(n) / (Double(bestU * bestU + bestV * bestV)).squareRoot()
        return .value(Double(best), ["tiles": Double(tiles), "peakPeriodPixels": period])
    }
}
