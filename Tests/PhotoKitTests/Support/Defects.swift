import Foundation
@testable import PhotoKit

/// Defects made from the project's own portrait fixture, each one a thing a quality measure
/// must catch (the same kinds `scripts/degrade` makes from the shared portraits).
enum Defects {
    /// Each 8-bit channel value mapped through `transform`.
    static func mapped(_ image: Image, _ transform: (Double) -> Double) throws -> Image {
        let table = (0..<256).map { UInt8(max(0, min(255, transform(Double($0)).rounded()))) }
        let out = try image.converted(to: .uint8)
        out.withPixels { data, stride in
            for y in 0..<out.height { for x in 0..<(out.width * out.channels) { data[y * stride + x] = table[Int(data[y * stride + x])] } }
        }
        return out
    }

    /// Exposure changed by `stops` in linear light.
    static func exposed(_ image: Image, stops: Double) throws -> Image {
        let gain = pow(2, stops)
        return try mapped(image) { v in
            let linear = pow(v / 255, 2.2) * gain
            return 255 * pow(min(1, linear), 1 / 2.2)
        }
    }

    /// Out of focus: reduced to 1/`factor` and enlarged again.
    static func blurred(_ image: Image, factor: Int) throws -> Image {
        try image.resized(width: image.width / factor, height: image.height / factor, interpolation: .area)
            .resized(width: image.width, height: image.height, interpolation: .linear)
    }

    /// A colour cast: each channel's linear light scaled by its gain (blue, green, red), as a
    /// wrong white balance does.
    static func cast(_ image: Image, blue: Double, green: Double, red: Double) throws -> Image {
        let gains = [blue, green, red]
        let tables = gains.map { gain in
            (0..<256).map { v -> UInt8 in
                let linear = pow(Double(v) / 255, 2.2) * gain
                return UInt8(max(0, min(255, (255 * pow(min(1, linear), 1 / 2.2)).rounded())))
            }
        }
        let out = try image.converted(to: .uint8)
        out.withPixels { data, stride in
            for y in 0..<out.height { for x in 0..<(out.width * 3) { data[y * stride + x] = tables[x % 3][Int(data[y * stride + x])] } }
        }
        return out
    }

    static func gray(_ image: Image) throws -> Image { try image.converted(.bgrToGray).converted(.grayToBGR) }

    /// Turned by `degrees` about `pivot`, the corners filled white.
    static func rolled(_ image: Image, degrees: Double, about pivot: Point) throws -> Image {
        try image.warped(.similarity(rotation: degrees * .pi / 180, scale: 1, pivot: pivot, target: pivot),
                         to: image.size, interpolation: .linear, border: .colour(.init(blue: 255, green: 255, red: 255)))
    }

    /// A flat mid-grey rectangle over `rect`.
    static func patched(_ image: Image, _ rect: PixelRect) throws -> Image {
        let out = try image.converted(to: .uint8)
        let r = rect.clamped(to: image.size)
        out.withPixels { data, stride in
            for y in r.y..<r.maxY { for x in (r.x * 3)..<(r.maxX * 3) { data[y * stride + x] = 128 } }
        }
        return out
    }

    /// A phone photo of an LCD showing the portrait: each pixel becomes red, green and blue
    /// stripes with a dark line between rows, then the camera sees it slightly turned and
    /// at a scale that does not match the screen's pixels (moiré).
    static func screenRecapture(_ image: Image) throws -> Image {
        let big = try image.resized(width: image.width * 3, height: image.height * 3, interpolation: .nearest)
        let screen = try big.converted(to: .uint8)
        screen.withPixels { data, stride in
            for y in 0..<screen.height {
                let rowGain: Double = y % 3 == 2 ? 0.35 : 1
                for x in 0..<screen.width {
                    let lit = 2 - x % 3  // BGR order: column 0 red, 1 green, 2 blue
                    for c in 0..<3 {
                        let i = y * stride + x * 3 + c
                        data[i] = UInt8(Double(data[i]) * (c == lit ? 1 : 0.15) * rowGain)
                    }
                }
            }
        }
        let scale = 0.43
        let centre = Point(x: Double(screen.width) / 2, y: Double(screen.height) / 2)
        let size = Size(width: Int(Double(screen.width) * scale), height: Int(Double(screen.height) * scale))
        let seen = try screen.warped(.similarity(rotation: 2.0 * .pi / 180, scale: scale, pivot: centre,
                                                 target: Point(x: Double(size.width) / 2, y: Double(size.height) / 2)),
                                     to: size, interpolation: .linear, border: .colour(.init(blue: 0, green: 0, red: 0)))
        return try mapped(seen) { min(255, $0 * 2.2) }
    }

    static func jpeg(_ image: Image, quality: Int = 95) throws -> [UInt8] {
        try JPEGEncoder.encode(image, quality: quality, dpi: nil).bytes
    }
}
