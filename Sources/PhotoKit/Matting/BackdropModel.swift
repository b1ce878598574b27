/// The backdrop's colour and how plain it is. The colour is the median of the crop's
/// border ring (top rows, and side columns above the chin), where an ID photo shows mostly
/// backdrop; hair or shoulders reaching the border are outvoted. How plain it is is judged
/// on the backdrop region the cut-out leaves, with the formula of the
/// `background_uniformity` quality measure. Pixels the master does not cover (filled)
/// take part in neither.
public struct BackdropModel: Sendable {
    /// Median colour of the border samples (8-bit channel values).
    public var blue: Double, green: Double, red: Double
    public var lab: CIELab
    /// How many border pixels were sampled.
    public var samples: Int
    /// Share of the border samples within `agreementDistance` of the median colour: low
    /// when the border is a mixture of scene colours (or mostly person).
    public var borderAgreement: Double

    public var rgb: RGBColor {
        RGBColor(red: UInt8(red.rounded()), green: UInt8(green.rounded()), blue: UInt8(blue.rounded()))
    }

    /// Fewest border pixels worth modelling.
    public static let minimumSamples = 300
    /// ΔE76 within which a border pixel counts as the same backdrop colour.
    public static let agreementDistance = 20.0

    /// Which pixels of a `size` crop form the border ring: a band of `max(4, shorter side /
    /// 25)` px at the top, and at the sides above `chinRow`.
    static func ring(size: Size, chinRow: Double, covered: [Bool]) -> [Bool] {
        let w = size.width, h = size.height
        let band = max(4, min(w, h) / 25)
        var ring = [Bool](repeating: false, count: w * h)
        let sideRows = min(h, max(0, Int(chinRow)))
        for y in 0..<h {
            for x in 0..<w where covered[y * w + x] {
                if y < band || (y < sideRows && (x < band || x >= w - band)) { ring[y * w + x] = true }
            }
        }
        return ring
    }

    /// Models the backdrop of `crop` from its border ring; nil when too little of the
    /// border shows the master.
    static func estimate(_ crop: Image, chinRow: Double, covered: [Bool]) -> BackdropModel? {
        let w = crop.width, h = crop.height
        let ring = ring(size: crop.size, chinRow: chinRow, covered: covered)
        var blues: [Double] = [], greens: [Double] = [], reds: [Double] = []
        crop.withPixels { data, stride in
            for y in 0..<h {
                for x in 0..<w where ring[y * w + x] {
                    let p = data + y * stride + 3 * x
                    blues.append(Double(p[0])); greens.append(Double(p[1])); reds.append(Double(p[2]))
                }
            }
        }
        guard blues.count >= minimumSamples else { return nil }
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
        let (b, g, r) = (median(blues), median(greens), median(reds))
        let lab = CIELab(red: r, green: g, blue: b)
        var agreeing = 0
        for i in blues.indices where CIELab(red: reds[i], green: greens[i], blue: blues[i]).deltaE76(lab) < agreementDistance { agreeing += 1 }
        return BackdropModel(blue: b, green: g, red: r, lab: lab, samples: blues.count,
                             borderAgreement: Double(agreeing) / Double(blues.count))
    }

    /// `background_uniformity` of `region` (row-major over an image `width` wide with the
    /// colours `lab`): the mean ΔE76 between neighbouring region pixels (texture) plus a
    /// tenth of the region's colour spread; nil for fewer than `minimumSamples` pixels.
    static func uniformity(of region: [Bool], lab: [CIELab], width w: Int) -> (value: Double, texture: Double, spread: Double)? {
        var texture = 0.0, pairs = 0, count = 0
        var sum = CIELab(l: 0, a: 0, b: 0)
        for i in region.indices where region[i] {
            count += 1
            sum.l += lab[i].l; sum.a += lab[i].a; sum.b += lab[i].b
            if (i + 1) % w != 0, region[i + 1] { texture += lab[i].deltaE76(lab[i + 1]); pairs += 1 }
            if i + w < region.count, region[i + w] { texture += lab[i].deltaE76(lab[i + w]); pairs += 1 }
        }
        guard count >= minimumSamples, pairs > 0 else { return nil }
        let mean = CIELab(l: sum.l / Double(count), a: sum.a / Double(count), b: sum.b / Double(count))
        var variance = 0.0
        for i in region.indices where region[i] { let d = lab[i].deltaE76(mean); variance += d * d }
        let spread = (variance / Double(count)).squareRoot()
        return (texture / Double(pairs) + spread / 10, texture / Double(pairs), spread)
    }
}
