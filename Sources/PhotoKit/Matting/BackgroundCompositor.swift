/// Puts the person onto a flat colour: C = αF + (1 − α)T for the person's colour F and
/// the target colour T.
enum BackgroundCompositor {
    static func composite(foreground: [Plane], alpha: AlphaMatte, onto colour: RGBColor) throws -> Image {
        let w = alpha.width, h = alpha.height
        let target = [Float(colour.blue), Float(colour.green), Float(colour.red)]
        let out = try Image.blank(width: w, height: h, channels: 3)
        out.withPixels { data, stride in
            for y in 0..<h {
                let row = data + y * stride
                for x in 0..<w {
                    let i = y * w + x, a = alpha.values[i]
                    for k in 0..<3 {
                        let v = a * foreground[k].values[i] + (1 - a) * target[k]
                        row[3 * x + k] = UInt8(min(255, max(0, v.rounded())))
                    }
                }
            }
        }
        return out
    }
}
