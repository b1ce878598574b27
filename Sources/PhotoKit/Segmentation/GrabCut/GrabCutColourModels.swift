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

    /// One Gaussian per cluster (`GaussianMixture.Learning`, OpenCV's `GMM::endLearning`).
    static func learn(_ samples: [Float], labels: [Int]) -> [Double] {
        var learning = GaussianMixture.Learning()
        for (i, component) in labels.enumerated() {
            learning.add(component, Double(samples[3 * i]), Double(samples[3 * i + 1]), Double(samples[3 * i + 2]))
        }
        return learning.model()
    }
}
