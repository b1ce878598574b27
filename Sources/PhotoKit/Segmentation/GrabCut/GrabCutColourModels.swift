/// GrabCut's starting colour models, made as OpenCV's `initGMMs` makes them: the labels'
/// pixels split into backdrop (certain or probable) and person, each side clustered into
/// five colours by k-means (`KMeansPlusPlus`, drawing from `OpenCVRandom` seeded as
/// `cvision_grabcut` seeds OpenCV's), and a Gaussian learnt per cluster. The models come
/// out in OpenCV's layout (5 weights, 5 means of 3, 5 covariances of 9), so GrabCut started
/// from them cuts exactly as when it makes them itself.
struct GrabCutColourModels {
    var background: [Double]
    var foreground: [Double]

    /// `colours` holds each pixel's blue, green and red; `classes` its cv::GrabCutClasses
    /// label (`GrabCut.Pixels`). Nil when one side has no pixels (OpenCV refuses such
    /// labels; the caller lets it say so).
    init?(_ pixels: GrabCut.Pixels) {
        // Backdrop (GC_BGD 0, GC_PR_BGD 2) and person (GC_FGD 1, GC_PR_FGD 3) colours, in
        // pixel order.
        var backdrop: [Float] = [], person: [Float] = []
        backdrop.reserveCapacity(pixels.colours.count)
        person.reserveCapacity(pixels.colours.count)
        for (i, label) in pixels.classes.enumerated() {
            for c in 0..<3 {
                let value = Float(pixels.colours[3 * i + c])
                if label & 1 == 0 { backdrop.append(value) } else { person.append(value) }
            }
        }
        let backdropCount = backdrop.count / 3, personCount = person.count / 3
        guard !backdrop.isEmpty, !person.isEmpty else { return nil }
        var random = OpenCVRandom()
        let backdropLabels = KMeansPlusPlus.labels(of: backdrop, count: backdropCount,
                                                   clusters: min(GaussianMixture.components, backdropCount), random: &random)
        let personLabels = KMeansPlusPlus.labels(of: person, count: personCount,
                                                 clusters: min(GaussianMixture.components, personCount), random: &random)
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
