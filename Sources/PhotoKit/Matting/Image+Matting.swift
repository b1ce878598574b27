import CVision

/// The OpenCV calls matting needs (contrib modules alphamat and ximgproc, morphology).
extension Image {
    /// Information-flow alpha matting (Aksoy, Aydın, Pollefeys, CVPR 2017) of this BGR
    /// image under `trimap` (0 backdrop, 255 person, other values unknown): an 8-bit alpha.
    func informationFlowAlpha(trimap: Image) throws -> Image {
        try Image.make("alpha matting") { cvision_alphamat_info_flow(handle, trimap.handle, $0) }
    }

    /// This image filtered with the guided filter (He, Sun, Tang 2010) steered by `guide`:
    /// edges of the result follow the guide's edges.
    func guidedFiltered(by guide: Image, radius: Int, eps: Double) throws -> Image {
        try Image.make("guided filter") { cvision_guided_filter(guide.handle, handle, Int32(radius), eps, -1, $0) }
    }

    enum Morphology: Int32 { case erode = 0, dilate = 1 }

    /// Erosion or dilation by a disc of `diameter` pixels.
    func morphed(_ operation: Morphology, diameter: Int) throws -> Image {
        try Image.make("morphology") { cvision_morphology(handle, operation.rawValue, Int32(diameter), $0) }
    }

    /// The pixels of a one-channel 8-bit image, row-major without padding.
    var bytes: [UInt8] {
        precondition(channels == 1 && depth == .uint8)
        return withPixels { data, stride in
            var out = [UInt8](repeating: 0, count: width * height)
            for y in 0..<height { for x in 0..<width { out[y * width + x] = data[y * stride + x] } }
            return out
        }
    }

    /// A one-channel 8-bit image made of `values` (row-major, `width` × `height`).
    static func gray(_ values: [UInt8], width: Int, height: Int) throws -> Image {
        precondition(values.count == width * height)
        let image = try Image.blank(width: width, height: height, channels: 1)
        image.withPixels { data, stride in
            for y in 0..<height { for x in 0..<width { data[y * stride + x] = values[y * width + x] } }
        }
        return image
    }
}
