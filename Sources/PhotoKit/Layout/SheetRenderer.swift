/// Draws a sheet layout at a print resolution: white paper, each photo resampled to its
/// exact size in millimetres at `dpi`, and optional cut marks in the gaps.
public enum SheetRenderer {
    /// Printers' standard resolution for photo paper.
    public static let dpi = 300

    static func pixels(_ mm: Double, dpi: Int) -> Int { Int((mm * Double(dpi) / 25.4).rounded()) }

    public static func render(_ layout: SheetLayout, photos: [Image], cutMarks: Bool, dpi: Int = dpi) throws -> Image {
        let width = pixels(layout.paper.width, dpi: dpi), height = pixels(layout.paper.height, dpi: dpi)
        let sheet = try Image.blank(width: width, height: height, channels: 3)
        sheet.withPixels { data, stride in
            for y in 0..<height { (data + y * stride).initialize(repeating: 255, count: width * 3) }
        }
        for placement in layout.placements {
            let w = pixels(placement.width, dpi: dpi), h = pixels(placement.height, dpi: dpi)
            let photo = photos[placement.photo]
            let sized = try photo.resized(width: w, height: h, interpolation: w < photo.width ? .area : .cubic)
            try paste(sized, onto: sheet, x: pixels(placement.x, dpi: dpi), y: pixels(placement.y, dpi: dpi))
        }
        if cutMarks { drawCutMarks(layout, on: sheet, dpi: dpi) }
        return sheet
    }

    private static func paste(_ photo: Image, onto sheet: Image, x: Int, y: Int) throws {
        let bgr = photo.channels == 3 && photo.depth == .uint8 ? photo : try photo.converted(to: .uint8)
        bgr.withPixels { source, sourceStride in
            sheet.withPixels { target, targetStride in
                for row in 0..<bgr.height where y + row < sheet.height {
                    let count = min(bgr.width, sheet.width - x) * 3
                    (target + (y + row) * targetStride + x * 3).update(from: source + row * sourceStride, count: count)
                }
            }
        }
    }

    /// The layout's cut marks as one-pixel grey lines.
    private static func drawCutMarks(_ layout: SheetLayout, on sheet: Image, dpi: Int) {
        let grey: UInt8 = 110
        sheet.withPixels { data, stride in
            for mark in layout.cutMarks {
                let x0 = pixels(min(mark.x0, mark.x1), dpi: dpi), x1 = pixels(max(mark.x0, mark.x1), dpi: dpi)
                let y0 = pixels(min(mark.y0, mark.y1), dpi: dpi), y1 = pixels(max(mark.y0, mark.y1), dpi: dpi)
                for y in max(0, y0)...min(sheet.height - 1, max(y0, y1)) {
                    for x in max(0, x0)...min(sheet.width - 1, max(x0, x1)) {
                        for c in 0..<3 { data[y * stride + x * 3 + c] = grey }
                    }
                }
            }
        }
    }
}
