/// GrabCut's starting colour models, made as OpenCV's `initGMMs` makes them: the labels'
/// pixels split into backdrop (certain or probable) and person, each side clustered into
/// five colours by k-means (`KMeansPlusPlus`, drawing from `OpenCVRandom` seeded as
/// `cvision_grabcut` seeds OpenCV's), and a Gaussian learnt per cluster. The models come
/// out in OpenCV's layout (5 weights, 5 means of 3, 5 covariances of 9), so GrabCut started
/// from them cuts exactly as when it makes them itself.
struct GrabCutColourModels {
    static let components = 5
    var background: [Double]
    var foreground: [Double]

    /// Nil when one side has no pixels (OpenCV refuses such labels; the caller lets it say so).
    init?(image: Image, labels: Image) {
        precondition(image.channels == 3 && labels.channels == 1 && image.size == labels.size)
        let w = image.width, h = image.height
        // Backdrop (GC_BGD 0, GC_PR_BGD 2) and person (GC_FGD 1, GC_PR_FGD 3) colours, in
        // pixel order: counted first, then written in place.
        var backdropCount = 0
        labels.withPixels { classes, labelStride in
            for y in 0..<h { for x in 0..<w where classes[y * labelStride + x] & 1 == 0 { backdropCount += 1 } }
        }
        let personCount = w * h - backdropCount
        var backdrop = [Float](repeating: 0, count: 3 * backdropCount), person = [Float](repeating: 0, count: 3 * personCount)
        image.withPixels { pixels, stride in
            labels.withPixels { classes, labelStride in
                backdrop.withUnsafeMutableBufferPointer { b in
                    person.withUnsafeMutableBufferPointer { f in
                        var nb = 0, nf = 0
                        for y in 0..<h {
                            for x in 0..<w {
                                let p = pixels + y * stride + 3 * x
                                if classes[y * labelStride + x] & 1 == 0 {
                                    b[nb] = Float(p[0]); b[nb + 1] = Float(p[1]); b[nb + 2] = Float(p[2])
                                    nb += 3
                                } else {
                                    f[nf] = Float(p[0]); f[nf + 1] = Float(p[1]); f[nf + 2] = Float(p[2])
                                    nf += 3
                                }
                            }
                        }
                    }
                }
            }
        }
        guard !backdrop.isEmpty, !person.isEmpty else { return nil }
        var random = OpenCVRandom()
        let backdropLabels = KMeansPlusPlus.labels(of: backdrop, count: backdropCount,
                                                   clusters: min(Self.components, backdropCount), random: &random)
        let personLabels = KMeansPlusPlus.labels(of: person, count: personCount,
                                                 clusters: min(Self.components, personCount), random: &random)
        background = Self.learn(backdrop, labels: backdropLabels)
        foreground = Self.learn(person, labels: personLabels)
    }

    /// One Gaussian per cluster (`GMM::endLearning`): weight, mean and covariance from
    /// double sums, with 0.01 added to the diagonal of a covariance whose determinant is at
    /// most 10⁻⁶.
    static func learn(_ samples: [Float], labels: [Int]) -> [Double] {
        let k = components
        var sums = [Double](repeating: 0, count: 3 * k), products = [Double](repeating: 0, count: 9 * k)
        var counts = [Int](repeating: 0, count: k)
        samples.withUnsafeBufferPointer { s in
            sums.withUnsafeMutableBufferPointer { sums in
                products.withUnsafeMutableBufferPointer { products in
                    for (i, component) in labels.enumerated() {
                        let colour = (Double(s[3 * i]), Double(s[3 * i + 1]), Double(s[3 * i + 2]))
                        let m = 3 * component, p = 9 * component
                        sums[m] += colour.0; sums[m + 1] += colour.1; sums[m + 2] += colour.2
                        products[p] += colour.0 * colour.0; products[p + 1] += colour.0 * colour.1; products[p + 2] += colour.0 * colour.2
                        products[p + 3] += colour.1 * colour.0; products[p + 4] += colour.1 * colour.1; products[p + 5] += colour.1 * colour.2
                        products[p + 6] += colour.2 * colour.0; products[p + 7] += colour.2 * colour.1; products[p + 8] += colour.2 * colour.2
                        counts[component] += 1
                    }
                }
            }
        }
        var model = [Double](repeating: 0, count: 13 * k)
        for component in 0..<k where counts[component] > 0 {
            let inverseCount = 1.0 / Double(counts[component])
            model[component] = Double(counts[component]) / Double(labels.count)
            let mean = (0..<3).map { sums[3 * component + $0] * inverseCount }
            var c = [Double](repeating: 0, count: 9)
            for a in 0..<3 { for b in 0..<3 { c[3 * a + b] = products[9 * component + 3 * a + b] * inverseCount - mean[a] * mean[b] } }
            if determinant(c) <= 1e-6 {
                c[0] += 0.01
                c[4] += 0.01
                c[8] += 0.01
            }
            for j in 0..<3 { model[k + 3 * component + j] = mean[j] }
            for j in 0..<9 { model[4 * k + 9 * component + j] = c[j] }
        }
        return model
    }

    /// The determinant as `GMM::calcInverseCovAndDeterm` expands it.
    private static func determinant(_ c: [Double]) -> Double {
        c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6])
    }
}
