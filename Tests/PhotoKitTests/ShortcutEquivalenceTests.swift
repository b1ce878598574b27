import Foundation
import Testing
@testable import PhotoKit

/// Shortcuts taken for speed give exactly what the plain way gives.
@Suite struct ShortcutEquivalenceTests {
    @Test func quantileBySelectionEqualsNearestRankOfTheSortedSample() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 10, 257, 10_000] {
            // Few distinct values (like 8-bit pixels, with long runs of equal ones) and sorted
            // runs, the cases a naive quickselect handles badly.
            let coarse = (0..<count).map { _ in Float(Int.random(in: 0...12, using: &generator)) }
            let smooth = (0..<count).map { _ in Float.random(in: -50...50, using: &generator) }
            for sample in [coarse, smooth, coarse.sorted(), smooth.sorted(by: >)] {
                let sorted = sample.sorted()
                for p in [0, 0.02, 0.3, 0.5, 0.7, 0.98, 1] {
                    let rank = min(sorted.count - 1, max(0, Int((p * Double(sorted.count - 1)).rounded())))
                    #expect(Statistics.quantile(sample, p) == Double(sorted[rank]), "n=\(count) p=\(p)")
                }
            }
        }
        #expect(Statistics.quantile([], 0.5).isNaN)
    }

    @Test func resizingARectangleInPlaceEqualsCroppingThenResizing() throws {
        let image = try Image.blank(width: 640, height: 480, channels: 3)
        image.withPixels { data, stride in
            for y in 0..<480 { for x in 0..<640 { for c in 0..<3 { data[y * stride + x * 3 + c] = UInt8((x * 7 + y * 13 + c * 50) % 256) } } }
        }
        let rect = PixelRect(x: 37, y: 21, width: 411, height: 333)
        for (width, height, interpolation) in [(137, 111, Image.Interpolation.area), (90, 70, .area), (600, 500, .linear)] {
            let inPlace = try image.resized(rect, width: width, height: height, interpolation: interpolation)
            let copied = try image.cropped(to: rect).resized(width: width, height: height, interpolation: interpolation)
            #expect(inPlace.size == copied.size)
            #expect(PixelStatistics.meanAbsoluteDifference(inPlace, copied) == 0)
        }
    }

    /// The row-by-row polygon fill and the point test mark exactly the pixels whose centres
    /// the plain even-odd test puts inside: landmark-like outlines, a concave star, one reaching past
    /// the view's edges, and a horizontal edge lying on a pixel row.
    @Test func polygonFillEqualsThePerPixelTest() {
        let width = 96, height = 80
        var generator = SystemRandomNumberGenerator()
        var polygons: [[Point]] = [
            (0..<10).map { k in
                let angle = Double(k) * 2 * .pi / 10, radius = k.isMultiple(of: 2) ? 30.0 : 12.0
                return Point(x: 48 + radius * cos(angle), y: 40 + radius * sin(angle))
            },
            [Point(x: -10, y: 5), Point(x: 120, y: 20), Point(x: 50, y: 95)],
            [Point(x: 10, y: 10), Point(x: 60, y: 10), Point(x: 60, y: 50.5), Point(x: 10, y: 50.5)],
        ]
        for _ in 0..<20 {
            polygons.append((0..<Int.random(in: 3...17, using: &generator)).map { _ in
                Point(x: Double.random(in: -5...100, using: &generator), y: Double.random(in: -5...85, using: &generator))
            })
        }
        for polygon in polygons {
            let filled = Region.polygon(polygon, width: width, height: height)
            let plain = Region(width: width, height: height) { x, y in Self.evenOdd(polygon, Point(x: Double(x), y: Double(y))) }
            #expect(filled.members == plain.members, "\(polygon)")
            #expect(plain.members.indices.allSatisfy { i in
                PolygonFill.contains(polygon, Point(x: Double(i % width), y: Double(i / width))) == plain.members[i]
            }, "\(polygon)")
        }
    }

    /// The even-odd point test written out on its own, as the reference.
    static func evenOdd(_ polygon: [Point], _ p: Point) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in 0..<polygon.count {
            let a = polygon[i], b = polygon[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }

    /// The box mean and the region combinators over raw buffers give what the plain loops
    /// give (the box mean also at the clamped edges, with a radius wider than the plane), and
    /// one summed-area table read at single pixels, at several radii, gives the whole plane's
    /// means bit for bit (the foreground estimate reads only its band's pixels).
    @Test func boxMeanAndRegionsEqualThePlainLoops() {
        let width = 37, height = 23
        var generator = SystemRandomNumberGenerator()
        let plane = Plane(width: width, height: height, values: (0..<(width * height)).map { _ in Float.random(in: 0...255, using: &generator) })
        let table = BoxSums(plane)
        for radius in [0, 1, 4, 30] {
            let mean = plane.boxMean(radius: radius)
            for y in 0..<height {
                for x in 0..<width {
                    #expect(table.mean(x: x, y: y, radius: radius) == mean[x, y], "one pixel's mean, r=\(radius) (\(x), \(y))")
                    var sum = 0.0, n = 0
                    for v in max(0, y - radius)..<min(height, y + radius + 1) {
                        for u in max(0, x - radius)..<min(width, x + radius + 1) { sum += Double(plane[u, v]); n += 1 }
                    }
                    #expect(abs(Double(mean[x, y]) - sum / Double(n)) < 1e-3, "r=\(radius) (\(x), \(y))")
                }
            }
        }
        let a = Region(width: width, height: height, members: (0..<(width * height)).map { _ in Bool.random(using: &generator) })
        let b = Region(width: width, height: height, members: (0..<(width * height)).map { _ in Bool.random(using: &generator) })
        #expect(a.intersecting(b).members == zip(a.members, b.members).map { $0 && $1 })
        #expect(a.subtracting(b).members == zip(a.members, b.members).map { $0 && !$1 })
        #expect(a.union(b).members == zip(a.members, b.members).map { $0 || $1 })
        #expect(a.count == a.members.filter { $0 }.count)
        #expect(a.values(of: plane) == a.members.indices.filter { a.members[$0] }.map { plane.values[$0] })
    }

    /// A halving's pixel is the rounded mean of its 2×2 block, and a reduction read from the
    /// halvings covers the rectangle asked for, starts and ends on the halving's pixels, and
    /// differs from the direct area reduction of the same region only by the halvings'
    /// rounding (well under one grey level on average). A reduction by 1/2 or less, or of a
    /// rectangle within the direct limit, is the direct one.
    @Test func reductionsFromTheHalvingsEqualTheDirectAreaReduction() throws {
        let image = try Image.blank(width: 1203, height: 901, channels: 3)
        var generator = SystemRandomNumberGenerator()
        image.withPixels { data, stride in
            for y in 0..<901 {
                for x in 0..<1203 {
                    for c in 0..<3 {
                        // Shading, sensor noise, and sharp edges (a misplaced copy would
                        // show along them).
                        let shading = 20 + y / 10 + 15 * c
                        let edges = (x >= 611 ? 70 : 0) + (y >= 437 ? 30 : 0)
                        data[y * stride + x * 3 + c] = UInt8(shading + edges + Int.random(in: -8...8, using: &generator))
                    }
                }
            }
        }
        let half = try #require(try image.halved())
        #expect(half.size == Size(width: 601, height: 450))
        image.withPixels { full, fullStride in
            half.withPixels { small, smallStride in
                for (x, y) in [(0, 0), (17, 33), (600, 449), (311, 2)] {
                    for c in 0..<3 {
                        var sum = 0
                        for dy in 0..<2 {
                            for dx in 0..<2 { sum += Int(full[(2 * y + dy) * fullStride + (2 * x + dx) * 3 + c]) }
                        }
                        #expect(abs(Int(small[y * smallStride + x * 3 + c]) * 4 - sum) <= 2, "(\(x), \(y)) channel \(c)")
                    }
                }
            }
        }
        #expect(try image.halved() === half, "the halving is made once")
        let small = PixelRect(x: 101, y: 57, width: 803, height: 611)
        #expect(try image.reduced(covering: small, scale: 0.09).region == small, "within the direct limit: read straight")
        for (rect, scale) in [(PixelRect(x: 101, y: 57, width: 803, height: 611), 0.09),
                              (PixelRect(x: 0, y: 0, width: 1203, height: 901), 0.2),
                              (PixelRect(x: 5, y: 3, width: 1190, height: 890), 0.3),
                              (PixelRect(x: 333, y: 77, width: 500, height: 500), 0.6)] {
            let (reduced, region) = try image.reduced(covering: rect, scale: scale, directLimit: 0)
            #expect(region.x <= rect.x && region.y <= rect.y && region.maxX >= min(rect.maxX, image.width) - 7
                        && region.maxY >= min(rect.maxY, image.height) - 7, "\(region) covers \(rect)")
            #expect(rect.x - region.x < 8 && rect.y - region.y < 8)
            #expect(reduced.width == Int((Double(region.width) * scale).rounded()))
            // The vertical edge at x = 611 lands where `region` says: along a row above the
            // other edge, where the copy has risen half the step (interpolated between
            // columns), mapped back through `region`, lies within a third of a copy pixel.
            let row = (300 - region.y) * reduced.height / region.height
            let crossing: Double? = reduced.withPixels { data, stride in
                let base = Double(data[row * stride]), half = base + 35
                guard let i = (1..<reduced.width).first(where: { Double(data[row * stride + $0 * 3]) >= half }) else { return nil }
                let before = Double(data[row * stride + (i - 1) * 3]), after = Double(data[row * stride + i * 3])
                return Double(i - 1) + (half - before) / max(1, after - before)
            }
            if rect.maxX > 611, let crossing {
                let x = Double(region.x) + (crossing + 0.5) * Double(region.width) / Double(reduced.width)
                #expect(abs(x - 611) <= 0.34 / scale, "scale \(scale): edge at \(x)")
            }
            let direct = try image.resized(region, width: reduced.width, height: reduced.height, interpolation: .area)
            let difference = PixelStatistics.meanAbsoluteDifference(reduced, direct)
            if scale >= 0.5 {
                #expect(region == rect && difference == 0)
            } else {
                #expect(difference < 1, "scale \(scale): \(difference)")
            }
        }
    }

    /// GrabCut made in Swift (colour models from k-means++, edge weights, refits and the
    /// grid's minimum cut) labels every pixel as OpenCV's cv::grabCut does, and starts from
    /// the same models to the bit: on noise around two colours, on flat colours (k-means++
    /// draws the same colour twice and must repair empty clusters), with only three backdrop
    /// pixels (three clusters), on colours drawn at random everywhere (the cut's search trees
    /// are torn down and regrown thousands of times), and on the fixture portrait, after one
    /// round and after three.
    @Test func grabCutMadeInSwiftLabelsAsOpenCVsGrabCut() throws {
        var generator = SystemRandomNumberGenerator()
        func scene(width w: Int, height h: Int, colour: (Int, Int, Bool) -> (UInt8, UInt8, UInt8)) throws -> Image {
            let image = try Image.blank(width: w, height: h, channels: 3)
            image.withPixels { data, stride in
                for y in 0..<h {
                    for x in 0..<w {
                        let inside = hypot(Double(x - w / 2), Double(y - h / 2)) < Double(min(w, h)) / 3
                        (data[y * stride + 3 * x], data[y * stride + 3 * x + 1], data[y * stride + 3 * x + 2]) = colour(x, y, inside)
                    }
                }
            }
            return image
        }
        // Border certainly backdrop, centre certainly person, the rest probable by side.
        func seeds(width w: Int, height h: Int, border: Int = 3) throws -> Image {
            var labels = [UInt8](repeating: 2, count: w * h)
            for y in 0..<h {
                for x in 0..<w {
                    let r = hypot(Double(x - w / 2), Double(y - h / 2)), disc = Double(min(w, h)) / 3
                    if x < border || y < border || x >= w - border || y >= h - border { labels[y * w + x] = 0 }
                    else if r < disc / 3 { labels[y * w + x] = 1 }
                    else if r < disc * 1.1 { labels[y * w + x] = 3 }
                }
            }
            return try Image.gray(labels, width: w, height: h)
        }
        func noisy(_ v: Int) -> UInt8 { UInt8(max(0, min(255, v + Int.random(in: -25...25, using: &generator)))) }
        var cases: [(String, Image, Image)] = []
        cases.append(("noise", try scene(width: 160, height: 120) { _, _, inside in
            inside ? (noisy(60), noisy(90), noisy(170)) : (noisy(200), noisy(190), noisy(180))
        }, try seeds(width: 160, height: 120)))
        cases.append(("flat", try scene(width: 120, height: 100) { x, _, inside in
            inside ? (x % 2 == 0 ? (40, 60, 200) : (30, 50, 150)) : (250, 250, 250)
        }, try seeds(width: 120, height: 100)))
        cases.append(("random colours", try scene(width: 150, height: 130) { _, _, inside in
            let base = inside ? 110 : 140
            return (noisy(base), noisy(base), noisy(base + Int.random(in: -60...60, using: &generator)))
        }, try seeds(width: 150, height: 130)))
        var threeBackdrop = [UInt8](repeating: 3, count: 90 * 70)
        for i in [0, 1, 89] { threeBackdrop[i] = 0 }
        cases.append(("three backdrop pixels", try scene(width: 90, height: 70) { _, _, inside in
            inside ? (noisy(80), noisy(80), noisy(80)) : (noisy(160), noisy(120), noisy(90))
        }, try Image.gray(threeBackdrop, width: 90, height: 70)))
        if Fixtures.available {
            let portrait = try ImageDecoder().decode(try Fixtures.bytes("portrait.jpg")).image
            let small = try portrait.resized(width: 192, height: 192, interpolation: .area)
            cases.append(("portrait", small, try seeds(width: 192, height: 192, border: 5)))
        }
        for (name, image, labels) in cases {
            // The models themselves, to the bit.
            let models = try #require(GrabCutColourModels(GrabCut.Pixels(image: image, labels: labels)))
            let opencv = try GrabCut.openCVStartModels(image, labels: labels)
            #expect(models.background == opencv.background, "\(name): backdrop model")
            #expect(models.foreground == opencv.foreground, "\(name): person model")
            for rounds: Int32 in [1, 3] {
                let theirs = try Image.gray(labels.bytes, width: labels.width, height: labels.height)
                let ours = try Image.gray(labels.bytes, width: labels.width, height: labels.height)
                try GrabCut.segmentFromOpenCVStart(image, labels: theirs, iterations: rounds, operation: "test")
                try GrabCut.segment(image, labels: ours, iterations: rounds, operation: "test")
                let differing = zip(ours.bytes, theirs.bytes).filter { $0 != $1 }.count
                #expect(differing == 0, "\(name), \(rounds) rounds: \(differing) of \(ours.bytes.count) pixels labelled otherwise")
                #expect(ours.bytes.contains { $0 & 1 == 0 } && ours.bytes.contains { $0 & 1 == 1 }, "\(name): backdrop and person both remain")
            }
        }
        // The first draws of OpenCV's generator from its initial state (cv::RNG(0xFFFFFFFF)).
        var random = OpenCVRandom()
        #expect((0..<3).map { _ in random.next() } == [130_063_606, 3_003_295_397, 3_870_020_839])
    }

    /// The L*a*b* tables the pipeline builds while loading give the CIE values worked out
    /// from the sRGB formulas (D65 white; OpenCV's 8-bit scale: L × 255/100, a and b + 128).
    @Test func colourTablesBuiltAtLoadGiveTheCIELabOfKnownColours() throws {
        #expect(ColourTables.prepared)
        let colours: [(blue: UInt8, green: UInt8, red: UInt8)] = [(255, 255, 255), (0, 0, 0), (0, 0, 255), (0, 255, 0),
                                                                  (255, 0, 0), (128, 128, 128), (60, 120, 200)]
        let image = try Image.blank(width: colours.count, height: 1, channels: 3)
        image.withPixels { data, _ in
            for (i, c) in colours.enumerated() { (data[3 * i], data[3 * i + 1], data[3 * i + 2]) = (c.blue, c.green, c.red) }
        }
        let lab = try image.converted(.bgrToLab)
        func linear(_ v: UInt8) -> Double {
            let c = Double(v) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        lab.withPixels { data, _ in
            for (i, c) in colours.enumerated() {
                let (r, g, b) = (linear(c.red), linear(c.green), linear(c.blue))
                let x = (0.412453 * r + 0.357580 * g + 0.180423 * b) / 0.950456
                let y = 0.212671 * r + 0.715160 * g + 0.072169 * b
                let z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.088754
                let expected = [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
                let scaled = [expected[0] * 255 / 100, expected[1] + 128, expected[2] + 128]
                for k in 0..<3 {
                    #expect(abs(Double(data[3 * i + k]) - scaled[k]) <= 1.5, "colour \(c) channel \(k): \(data[3 * i + k]) vs \(scaled[k])")
                }
            }
        }
    }

    /// The power spectrum from OpenCV's packed real transform, mirrored, equals the plain
    /// discrete Fourier transform's |F|² at every frequency.
    @Test func powerSpectrumEqualsThePlainTransform() throws {
        let width = 12, height = 8
        var generator = SystemRandomNumberGenerator()
        let values = (0..<(width * height)).map { _ in Float.random(in: -100...100, using: &generator) }
        let power = try Image.floats(values, width: width, height: height).powerSpectrum()
        let total = values.reduce(0) { $0 + Double($1 * $1) } * Double(width * height)
        for v in 0..<height {
            for u in 0..<width {
                var re = 0.0, im = 0.0
                for y in 0..<height {
                    for x in 0..<width {
                        let angle = -2 * Double.pi * (Double(u * x) / Double(width) + Double(v * y) / Double(height))
                        re += Double(values[y * width + x]) * cos(angle)
                        im += Double(values[y * width + x]) * sin(angle)
                    }
                }
                #expect(abs(Double(power[v * width + u]) - (re * re + im * im)) < 1e-5 * total, "(u \(u), v \(v))")
            }
        }
    }
}
