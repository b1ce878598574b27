import Foundation

/// A colour in CIE L*a*b* (D65), converted exactly from 8-bit sRGB, for the colour
/// distances matting is judged by (ΔE2000 of the new background, hue pull at the outline).
public struct CIELab: Equatable, Sendable {
    public var l: Double
    public var a: Double
    public var b: Double

    public init(l: Double, a: Double, b: Double) {
        self.l = l
        self.a = a
        self.b = b
    }

    /// sRGB (IEC 61966-2-1) to XYZ to L*a*b* with the D65 white.
    public init(red: Double, green: Double, blue: Double) {
        let r = Self.linear(red), g = Self.linear(green), b = Self.linear(blue)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let fx = f(x), fy = f(y), fz = f(z)
        self.init(l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz))
    }

    /// sRGB decoding of a channel value 0–255 to linear light; whole values from a table.
    static func linear(_ v: Double) -> Double {
        if v >= 0, v <= 255, v == v.rounded() { return linearTable[Int(v)] }
        let c = v / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    private static let linearTable: [Double] = (0...255).map { v in
        let c = Double(v) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    public init(_ colour: RGBColor) {
        self.init(red: Double(colour.red), green: Double(colour.green), blue: Double(colour.blue))
    }

    /// Euclidean distance in L*a*b* (ΔE 1976).
    public func deltaE76(_ other: CIELab) -> Double {
        let dl = l - other.l, da = a - other.a, db = b - other.b
        return (dl * dl + da * da + db * db).squareRoot()
    }

    /// CIEDE2000 colour difference (Sharma, Wu, Dalal 2005), kL = kC = kH = 1.
    public func deltaE2000(_ other: CIELab) -> Double {
        let c1 = (a * a + b * b).squareRoot(), c2 = (other.a * other.a + other.b * other.b).squareRoot()
        let cMean = (c1 + c2) / 2
        let c7 = pow(cMean, 7)
        let g = 0.5 * (1 - (c7 / (c7 + pow(25, 7))).squareRoot())
        let a1 = (1 + g) * a, a2 = (1 + g) * other.a
        let c1p = (a1 * a1 + b * b).squareRoot(), c2p = (a2 * a2 + other.b * other.b).squareRoot()
        func hue(_ bb: Double, _ aa: Double) -> Double {
            if bb == 0 && aa == 0 { return 0 }
            let h = atan2(bb, aa) * 180 / .pi
            return h < 0 ? h + 360 : h
        }
        let h1 = hue(b, a1), h2 = hue(other.b, a2)
        let dL = other.l - l, dC = c2p - c1p
        var dh = 0.0
        if c1p * c2p != 0 {
            dh = h2 - h1
            if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 }
        }
        let dH = 2 * (c1p * c2p).squareRoot() * sin(dh * .pi / 360)
        let lMean = (l + other.l) / 2, cpMean = (c1p + c2p) / 2
        var hMean = h1 + h2
        if c1p * c2p != 0 {
            if abs(h1 - h2) <= 180 { hMean = (h1 + h2) / 2 } else { hMean = (h1 + h2 + (h1 + h2 < 360 ? 360 : -360)) / 2 }
        }
        let rad = Double.pi / 180
        let t = 1 - 0.17 * cos((hMean - 30) * rad) + 0.24 * cos(2 * hMean * rad)
            + 0.32 * cos((3 * hMean + 6) * rad) - 0.20 * cos((4 * hMean - 63) * rad)
        let dTheta = 30 * exp(-pow((hMean - 275) / 25, 2))
        let cp7 = pow(cpMean, 7)
        let rc = 2 * (cp7 / (cp7 + pow(25, 7))).squareRoot()
        let l50 = (lMean - 50) * (lMean - 50)
        let sl = 1 + 0.015 * l50 / (20 + l50).squareRoot()
        let sc = 1 + 0.045 * cpMean
        let sh = 1 + 0.015 * cpMean * t
        let rt = -sin(2 * dTheta * rad) * rc
        let tl = dL / sl, tc = dC / sc, th = dH / sh
        return (tl * tl + tc * tc + th * th + rt * tc * th).squareRoot()
    }
}

/// The L*a*b* colour of every pixel of an 8-bit BGR image, row-major.
func labPixels(of image: Image) -> [CIELab] {
    precondition(image.channels == 3 && image.depth == .uint8)
    // 8-bit sRGB has 256 levels per channel: convert each level once.
    return image.withPixels { data, stride in
        var out = [CIELab]()
        out.reserveCapacity(image.width * image.height)
        for y in 0..<image.height {
            let row = data + y * stride
            for x in 0..<image.width {
                out.append(CIELab(red: Double(row[3 * x + 2]), green: Double(row[3 * x + 1]), blue: Double(row[3 * x])))
            }
        }
        return out
    }
}
