import CVision

extension Image {
    /// A one-channel float image holding `values` (row-major, `width` per row).
    static func floats(_ values: [Float], width: Int, height: Int) throws -> Image {
        let image = try Image.blank(width: width, height: height, channels: 1, depth: .float32)
        image.withPixels { data, stride in
            for y in 0..<height {
                let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: Float.self)
                for x in 0..<width { row[x] = values[y * width + x] }
            }
        }
        return image
    }

    /// Power (|F|²) of the 2-D discrete Fourier transform of a one-channel float image,
    /// row-major, zero frequency at index 0.
    func powerSpectrum() throws -> [Float] {
        let complexOutput: Int32 = 16  // cv::DFT_COMPLEX_OUTPUT
        let spectrum = try Image.make("fourier transform") { cvision_dft(handle, complexOutput, $0) }
        var power = [Float](repeating: 0, count: width * height)
        spectrum.withPixels { data, stride in
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: Float.self)
                for x in 0..<width {
                    let re = row[2 * x], im = row[2 * x + 1]
                    power[y * width + x] = re * re + im * im
                }
            }
        }
        return power
    }
}
