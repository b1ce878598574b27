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

    /// Power (|F|²) of the 2-D discrete Fourier transform of a one-channel float image with
    /// even sides, row-major, zero frequency at index 0. The transform is OpenCV's real one
    /// (packed CCS output, a quarter of the complex output's time on 64 × 64 tiles); the
    /// half it leaves out is the mirror image, as a real image's spectrum is conjugate
    /// symmetric: F(−v, −u) = F(v, u)*.
    func powerSpectrum() throws -> [Float] {
        precondition(width % 2 == 0 && height % 2 == 0, "the packed spectrum needs even sides")
        let spectrum = try Image.make("fourier transform") { cvision_dft(handle, 0, $0) }
        let n = width, m = height
        var power = [Float](repeating: 0, count: n * m)
        spectrum.withPixels { data, stride in
            func packed(_ row: Int, _ column: Int) -> Float {
                UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: Float.self)[column]
            }
            power.withUnsafeMutableBufferPointer { power in
                // Rows 0 and m/2 of columns 0 and n/2 are real; the other rows of those two
                // columns are packed down the packed matrix's first and last columns.
                for (u, column) in [(0, 0), (n / 2, n - 1)] {
                    let first = packed(0, column), middle = packed(m - 1, column)
                    power[u] = first * first
                    power[(m / 2) * n + u] = middle * middle
                    for v in 1..<(m / 2) {
                        let re = packed(2 * v - 1, column), im = packed(2 * v, column)
                        power[v * n + u] = re * re + im * im
                        power[(m - v) * n + u] = power[v * n + u]
                    }
                }
                // Columns 1 ..< n/2 are complex pairs in every row; F(−v, −u) mirrors them.
                for v in 0..<m {
                    let row = UnsafeRawPointer(data + v * stride).assumingMemoryBound(to: Float.self)
                    let mirrorRow = ((m - v) % m) * n
                    for u in 1..<(n / 2) {
                        let re = row[2 * u - 1], im = row[2 * u]
                        power[v * n + u] = re * re + im * im
                        power[mirrorRow + n - u] = power[v * n + u]
                    }
                }
            }
        }
        return power
    }
}
