import CVision

/// A sheet layout as a one-page PDF whose page is the paper's physical size, so printing
/// at 100 % gives every photo its exact size in millimetres. Each photo is embedded once,
/// as its own JPEG bytes (no re-compression); cut marks are hairlines. Written with cairo.
public enum SheetPDF {
    static func points(_ mm: Double) -> Double { mm * 72 / 25.4 }

    /// `photos[i]` is the decoded image and the JPEG bytes of the layout's photo `i`.
    public static func make(_ layout: SheetLayout, photos: [(image: Image, jpeg: [UInt8])], cutMarks: Bool) throws -> [UInt8] {
        var pdf: OpaquePointer?
        try vision("create PDF", cvision_pdf_create(points(layout.paper.width), points(layout.paper.height), &pdf))
        defer { cvision_pdf_free(pdf) }
        // One image object per photo, painted at every copy: the PDF stores each JPEG once.
        var images: [OpaquePointer?] = []
        defer { images.forEach { cvision_pdf_image_free($0) } }
        for photo in photos {
            var image: OpaquePointer?
            try vision("embed photo in PDF", photo.jpeg.withUnsafeBufferPointer { jpeg in
                cvision_pdf_image_create(photo.image.handle, jpeg.baseAddress, jpeg.count, &image)
            })
            images.append(image)
        }
        for p in layout.placements {
            try vision("draw photo into PDF", cvision_pdf_draw_image(pdf, images[p.photo], points(p.x), points(p.y),
                                                                    points(p.width), points(p.height)))
        }
        if cutMarks {
            for m in layout.cutMarks {
                try vision("draw cut mark", cvision_pdf_line(pdf, points(m.x0), points(m.y0), points(m.x1), points(m.y1), 0.25, 0.45))
            }
        }
        var bytes: UnsafeMutablePointer<UInt8>?
        var length = 0
        try vision("finish PDF", cvision_pdf_finish(pdf, &bytes, &length))
        defer { cvision_buffer_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }
}
