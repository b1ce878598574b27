/// OpenCV's random number generator (`cv::RNG`, multiply-with-carry), reproduced so the
/// k-means++ seeding of GrabCut's colour models draws exactly what OpenCV's would.
struct OpenCVRandom {
    private(set) var state: UInt64

    /// OpenCV's own initial state (and what a zero seed becomes); GrabCut's k-means starts
    /// from it here and in `cvision_grabcut`.
    static let initialState: UInt64 = 0xFFFF_FFFF

    init(state: UInt64 = initialState) { self.state = state == 0 ? Self.initialState : state }

    /// `cv::RNG::next`.
    mutating func next() -> UInt32 {
        state = UInt64(UInt32(truncatingIfNeeded: state)) &* 4_164_903_690 &+ (state >> 32)
        return UInt32(truncatingIfNeeded: state)
    }

    /// `cv::RNG::operator double`: two draws as 64 bits, scaled by 2⁻⁶⁴.
    mutating func nextDouble() -> Double {
        let high = UInt64(next())
        return Double(high << 32 | UInt64(next())) * 5.4210108624275221700372640043497e-20
    }
}
