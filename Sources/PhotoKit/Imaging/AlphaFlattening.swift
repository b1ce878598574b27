/// Composites a BGRA image over a solid colour, giving BGR.
enum AlphaFlattening {
    static func flatten(_ image: Image, onto colour: RGBColor) throws -> Image {
        let output = try Image.blank(width: image.width, height: image.height, channels: 3)
        let matte = (Int(colour.blue), Int(colour.green), Int(colour.red))
        image.withPixels { source, sourceStride in
            output.withPixels { target, targetStride in
                for row in 0..<image.height {
                    let s = source + row * sourceStride, t = target + row * targetStride
                    for column in 0..<image.width {
                        let alpha = Int(s[column * 4 + 3])
                        let inverse = 255 - alpha
                        t[column * 3] = UInt8((Int(s[column * 4]) * alpha + matte.0 * inverse + 127) / 255)
                        t[column * 3 + 1] = UInt8((Int(s[column * 4 + 1]) * alpha + matte.1 * inverse + 127) / 255)
                        t[column * 3 + 2] = UInt8((Int(s[column * 4 + 2]) * alpha + matte.2 * inverse + 127) / 255)
                    }
                }
            }
        }
        return output
    }
}
