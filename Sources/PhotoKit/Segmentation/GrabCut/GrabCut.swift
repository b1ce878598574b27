import CVision
import Foundation

/// GrabCut on `image`, seeded by `labels` (cv::GrabCutClasses, updated in place), made here
/// as OpenCV's `cv::grabCut` makes it, term for term: colour models from OpenCV's k-means
/// start (`GrabCutColourModels`), contrast-weighted edges between the 8 neighbours, and
/// per round the models refitted and the graph cut (`GridMaxFlow`). The labels come out as
/// OpenCV's would, bit for bit, in about half OpenCV's time: its graph is linked lists of
/// edges, this one an implicit grid.
enum GrabCut {
    /// OpenCV's weights: γ for the edges, λ = 9γ for the certain pixels' terminal edges.
    static let gamma = 50.0, lambda = 9 * gamma

    /// An image's colours (blue, green, red per pixel, row by row) and its labels, read once
    /// for the colour models and the rounds.
    struct Pixels {
        let colours: [Double]
        let classes: [UInt8]

        init(image: Image, labels: Image) {
            precondition(image.channels == 3 && labels.channels == 1 && image.size == labels.size)
            let w = image.width, h = image.height
            var colours = [Double](repeating: 0, count: 3 * w * h)
            image.withPixels { data, stride in
                for y in 0..<h { for x in 0..<3 * w { colours[3 * y * w + x] = Double(data[y * stride + x]) } }
            }
            self.colours = colours
            classes = labels.bytes
        }
    }

    static func segment(_ image: Image, labels: Image, iterations: Int32, operation: String) throws {
        let pixels = Pixels(image: image, labels: labels)
        guard let start = GrabCutColourModels(pixels) else {
            // One side empty: OpenCV's own start refuses it with its message.
            return try segmentFromOpenCVStart(image, labels: labels, iterations: iterations, operation: operation)
        }
        let w = image.width, h = image.height, colours = pixels.colours
        var classes = pixels.classes
        guard classes.allSatisfy({ $0 <= 3 }) else {
            throw VisionError(kind: .invalidArgument, operation: operation, message: "GrabCut labels must be 0, 1, 2 or 3")
        }
        do {
            var backdrop = try GaussianMixture(model: start.background), person = try GaussianMixture(model: start.foreground)
            let edges = neighbourWeights(colours, width: w, height: h)
            for _ in 0..<max(0, Int(iterations)) {
                (backdrop, person) = try refit(backdrop, person, colours: colours, classes: classes)
                var graph = GridMaxFlow(width: w, height: h)
                for y in 0..<h {
                    for x in 0..<w {
                        let i = y * w + x
                        switch classes[i] {
                        case 0: graph.setTerminal(x, y, source: 0, sink: lambda)
                        case 1: graph.setTerminal(x, y, source: lambda, sink: 0)
                        default:
                            let b = colours[3 * i], g = colours[3 * i + 1], r = colours[3 * i + 2]
                            graph.setTerminal(x, y, source: -log(backdrop.likelihood(b, g, r)), sink: -log(person.likelihood(b, g, r)))
                        }
                        graph.setEdges(x, y, left: edges.left[i], upLeft: edges.upLeft[i], up: edges.up[i], upRight: edges.upRight[i])
                    }
                }
                try graph.run()
                for y in 0..<h {
                    for x in 0..<w where classes[y * w + x] >= 2 {
                        classes[y * w + x] = graph.isSourceSide(x, y) ? 3 : 2
                    }
                }
            }
        } catch let error as VisionError {
            throw VisionError(kind: error.kind, operation: operation, message: error.message)
        }
        labels.withPixels { data, stride in
            for y in 0..<h { for x in 0..<w { data[y * stride + x] = classes[y * w + x] } }
        }
    }

    /// One round's refit (`assignGMMsComponents`, then `learnGMMs`): each pixel takes its
    /// side's most likely component, and each side's Gaussians are learnt again from them.
    private static func refit(_ backdrop: GaussianMixture, _ person: GaussianMixture, colours: [Double],
                              classes: [UInt8]) throws -> (GaussianMixture, GaussianMixture) {
        var backdropLearning = GaussianMixture.Learning(), personLearning = GaussianMixture.Learning()
        for (i, label) in classes.enumerated() {
            let b = colours[3 * i], g = colours[3 * i + 1], r = colours[3 * i + 2]
            if label & 1 == 0 {
                backdropLearning.add(backdrop.mostLikelyComponent(b, g, r), b, g, r)
            } else {
                personLearning.add(person.mostLikelyComponent(b, g, r), b, g, r)
            }
        }
        return (try GaussianMixture(model: backdropLearning.model()), try GaussianMixture(model: personLearning.model()))
    }

    /// The edge weights between neighbours (`calcBeta`, `calcNWeights`): γ·exp(−β‖Δ‖²) with
    /// β the inverse of twice the mean squared colour step, γ/√2 on the diagonals, 0 where
    /// the neighbour is outside the image.
    static func neighbourWeights(_ colours: [Double], width w: Int, height h: Int)
        -> (left: [Double], upLeft: [Double], up: [Double], upRight: [Double]) {
        func step(_ i: Int, _ j: Int) -> Double {
            let d0 = colours[3 * i] - colours[3 * j], d1 = colours[3 * i + 1] - colours[3 * j + 1], d2 = colours[3 * i + 2] - colours[3 * j + 2]
            return d0 * d0 + d1 * d1 + d2 * d2
        }
        var sum = 0.0
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                if x > 0 { sum += step(i, i - 1) }
                if y > 0 && x > 0 { sum += step(i, i - w - 1) }
                if y > 0 { sum += step(i, i - w) }
                if y > 0 && x < w - 1 { sum += step(i, i - w + 1) }
            }
        }
        let beta = sum <= Double.ulpOfOne ? 0 : 1.0 / (2 * sum / Double(4 * w * h - 3 * w - 3 * h + 2))
        // std::sqrt(2.0f) is a float.
        let diagonal = gamma / Double(Float(2).squareRoot())
        var left = [Double](repeating: 0, count: w * h), upLeft = left, up = left, upRight = left
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                if x > 0 { left[i] = gamma * exp(-beta * step(i, i - 1)) }
                if x > 0 && y > 0 { upLeft[i] = diagonal * exp(-beta * step(i, i - w - 1)) }
                if y > 0 { up[i] = gamma * exp(-beta * step(i, i - w)) }
                if x < w - 1 && y > 0 { upRight[i] = diagonal * exp(-beta * step(i, i - w + 1)) }
            }
        }
        return (left, upLeft, up, upRight)
    }

    /// OpenCV's own GrabCut (its k-means from its random state set to OpenCV's initial one):
    /// what `segment` must equal.
    static func segmentFromOpenCVStart(_ image: Image, labels: Image, iterations: Int32, operation: String) throws {
        try vision(operation, cvision_grabcut(image.handle, labels.handle, iterations, OpenCVRandom.initialState))
    }

    /// The colour models OpenCV's own start makes (background, foreground).
    static func openCVStartModels(_ image: Image, labels: Image) throws -> (background: [Double], foreground: [Double]) {
        var background = [Double](repeating: 0, count: 65), foreground = background
        try background.withUnsafeMutableBufferPointer { b in
            try foreground.withUnsafeMutableBufferPointer { f in
                try vision("GrabCut's start", cvision_grabcut_initial_models(image.handle, labels.handle, OpenCVRandom.initialState,
                                                                                b.baseAddress, f.baseAddress))
            }
        }
        return (background, foreground)
    }
}
