/// Solves alpha in a trimap's unknown band with OpenCV's information-flow matting
/// (`cv::alphamat::infoFlow`). The solver builds its affinities over every pixel it is
/// given, so it sees only the band's bounding box (plus a margin of known pixels for
/// context); its cost grows with the unknown pixels (about 0.1 ms each on one core).
enum InformationFlowMatting {
    /// Known pixels kept around the band so colours on both sides inform the solve.
    static let context = 6

    static func solve(_ image: Image, trimap: Trimap) throws -> AlphaMatte {
        var alpha = AlphaMatte(width: trimap.width, height: trimap.height,
                               values: trimap.values.map { $0 == Trimap.person ? 1 : 0 })
        guard let box = trimap.unknownBounds(margin: context) else { return alpha }
        let patch = try image.cropped(to: box)
        var local = [UInt8](repeating: 0, count: box.width * box.height)
        for y in 0..<box.height {
            for x in 0..<box.width { local[y * box.width + x] = trimap.values[(y + box.y) * trimap.width + x + box.x] }
        }
        let solved = AlphaMatte(try patch.informationFlowAlpha(trimap: try Image.gray(local, width: box.width, height: box.height)))
        for y in 0..<box.height {
            for x in 0..<box.width where local[y * box.width + x] == Trimap.unknown {
                alpha.values[(y + box.y) * trimap.width + x + box.x] = min(1, max(0, solved.values[y * box.width + x]))
            }
        }
        return alpha
    }
}
