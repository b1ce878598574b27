import Foundation

/// One side's colour model in GrabCut (OpenCV's `GMM`): five Gaussians over BGR colours,
/// kept in OpenCV's layout (5 weights, 5 means of 3, 5 covariances of 9) and evaluated with
/// its arithmetic, term for term, so GrabCut made here cuts as OpenCV's does.
struct GaussianMixture {
    static let components = 5

    /// One Gaussian, ready to evaluate: weight, mean, inverse covariance (row-major) and
    /// 1/√det.
    struct Component {
        var weight = 0.0
        var mean = (0.0, 0.0, 0.0)
        var inverse = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var scale = 0.0
    }

    let components: [Component]

    /// From a model in OpenCV's layout, as `GMM::GMM(Mat&)` reads one: the inverse and
    /// determinant of each weighted component's covariance; a determinant not above the
    /// double epsilon is refused, as OpenCV 4.6 refuses it.
    init(model m: [Double]) throws {
        let k = Self.components
        precondition(m.count == 13 * k)
        components = try (0..<k).map { ci in
            var component = Component()
            guard m[ci] > 0 else { return component }
            let c = Array(m[(4 * k + 9 * ci)..<(4 * k + 9 * ci + 9)])
            let determinant = Self.determinant(c)
            guard determinant > Double.ulpOfOne else {
                throw VisionError(kind: .openCV, operation: "GrabCut's colour model",
                                  message: "a colour cluster's covariance is singular (determinant \(determinant))")
            }
            let inverseDeterminant = 1.0 / determinant
            component.weight = m[ci]
            component.mean = (m[k + 3 * ci], m[k + 3 * ci + 1], m[k + 3 * ci + 2])
            // OpenCV's inverseCovs[ci][row][column], in its order of terms.
            component.inverse = ((c[4] * c[8] - c[5] * c[7]) * inverseDeterminant,
                                 -(c[1] * c[8] - c[2] * c[7]) * inverseDeterminant,
                                 (c[1] * c[5] - c[2] * c[4]) * inverseDeterminant,
                                 -(c[3] * c[8] - c[5] * c[6]) * inverseDeterminant,
                                 (c[0] * c[8] - c[2] * c[6]) * inverseDeterminant,
                                 -(c[0] * c[5] - c[2] * c[3]) * inverseDeterminant,
                                 (c[3] * c[7] - c[4] * c[6]) * inverseDeterminant,
                                 -(c[0] * c[7] - c[1] * c[6]) * inverseDeterminant,
                                 (c[0] * c[4] - c[1] * c[3]) * inverseDeterminant)
            component.scale = 1.0 / determinant.squareRoot()
            return component
        }
    }

    /// The determinant as `GMM::calcInverseCovAndDeterm` expands it.
    static func determinant(_ c: [Double]) -> Double {
        c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6])
    }

    /// One component's density at a colour (`GMM::operator()(ci, color)`), 0 for an unused one.
    @inline(__always)
    static func density(_ g: Component, _ b: Double, _ gr: Double, _ r: Double) -> Double {
        guard g.weight > 0 else { return 0 }
        let d0 = b - g.mean.0, d1 = gr - g.mean.1, d2 = r - g.mean.2
        let i = g.inverse
        // inverseCovs[ci][row][column] is i.(3 row + column); OpenCV sums down the columns.
        let mult = d0 * (d0 * i.0 + d1 * i.3 + d2 * i.6)
            + d1 * (d0 * i.1 + d1 * i.4 + d2 * i.7)
            + d2 * (d0 * i.2 + d1 * i.5 + d2 * i.8)
        return g.scale * exp(-0.5 * mult)
    }

    /// The mixture's density at a colour (`GMM::operator()(color)`).
    func likelihood(_ b: Double, _ g: Double, _ r: Double) -> Double {
        var sum = 0.0
        for c in components { sum += c.weight * Self.density(c, b, g, r) }
        return sum
    }

    /// The most likely component (`GMM::whichComponent`: first on ties, 0 when all are 0).
    func mostLikelyComponent(_ b: Double, _ g: Double, _ r: Double) -> Int {
        var best = 0, highest = 0.0
        for (ci, c) in components.enumerated() {
            let p = Self.density(c, b, g, r)
            if p > highest { best = ci; highest = p }
        }
        return best
    }

    /// Sums of colours per component, turned into a model as `GMM::endLearning` does.
    struct Learning {
        private var sums = [Double](repeating: 0, count: 3 * GaussianMixture.components)
        private var products = [Double](repeating: 0, count: 9 * GaussianMixture.components)
        private var counts = [Int](repeating: 0, count: GaussianMixture.components)
        private var total = 0

        @inline(__always)
        mutating func add(_ component: Int, _ b: Double, _ g: Double, _ r: Double) {
            let m = 3 * component, p = 9 * component
            sums[m] += b; sums[m + 1] += g; sums[m + 2] += r
            products[p] += b * b; products[p + 1] += b * g; products[p + 2] += b * r
            products[p + 3] += g * b; products[p + 4] += g * g; products[p + 5] += g * r
            products[p + 6] += r * b; products[p + 7] += r * g; products[p + 8] += r * r
            counts[component] += 1
            total += 1
        }

        /// Weight, mean and covariance per component, in OpenCV's layout, with 0.01 added to
        /// the diagonal of a covariance whose determinant is at most 10⁻⁶.
        func model() -> [Double] {
            let k = GaussianMixture.components
            var model = [Double](repeating: 0, count: 13 * k)
            for component in 0..<k where counts[component] > 0 {
                let inverseCount = 1.0 / Double(counts[component])
                model[component] = Double(counts[component]) / Double(total)
                let mean = (0..<3).map { sums[3 * component + $0] * inverseCount }
                var c = [Double](repeating: 0, count: 9)
                for a in 0..<3 { for b in 0..<3 { c[3 * a + b] = products[9 * component + 3 * a + b] * inverseCount - mean[a] * mean[b] } }
                if GaussianMixture.determinant(c) <= 1e-6 {
                    c[0] += 0.01
                    c[4] += 0.01
                    c[8] += 0.01
                }
                for j in 0..<3 { model[k + 3 * component + j] = mean[j] }
                for j in 0..<9 { model[4 * k + 9 * component + j] = c[j] }
            }
            return model
        }
    }
}
