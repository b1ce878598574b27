import CVision

/// OpenCV's GrabCut on `image`, seeded by `labels` (cv::GrabCutClasses, updated in place),
/// started from colour models made here (`GrabCutColourModels`) rather than by OpenCV's
/// k-means: the same cut, for about a sixth less time on the person masks' windows.
enum GrabCut {
    static func segment(_ image: Image, labels: Image, iterations: Int32, operation: String) throws {
        guard var models = GrabCutColourModels(image: image, labels: labels) else {
            // One side empty: OpenCV's own start refuses it with its message.
            return try segmentFromOpenCVStart(image, labels: labels, iterations: iterations, operation: operation)
        }
        try models.background.withUnsafeMutableBufferPointer { background in
            try models.foreground.withUnsafeMutableBufferPointer { foreground in
                try vision(operation, cvision_grabcut_from_models(image.handle, labels.handle, background.baseAddress,
                                                                  foreground.baseAddress, iterations))
            }
        }
    }

    /// GrabCut making its own start (OpenCV's k-means, its random state set to OpenCV's
    /// initial one): what `segment` must equal.
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
