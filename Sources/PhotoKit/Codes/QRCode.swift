import CVision

/// QR codes through OpenCV (objdetect writes, wechat_qrcode reads): authorization codes shown to a citizen as an
/// image, and read back from a department's camera frames.
public enum QRCode {
    /// A PNG of `text` as a QR code: `moduleSize` pixels a module, a quiet zone of four
    /// modules (what readers need to find the code), black on white.
    public static func png(_ text: String, moduleSize: Int = 8) throws -> [UInt8] {
        let modules = try Image.make("encode QR code") { out in text.withCString { cvision_qr_encode($0, out) } }
        let quiet = 4
        let side = (modules.width + 2 * quiet) * moduleSize
        let picture = try Image.blank(width: side, height: side, channels: 1)
        modules.withPixels { source, sourceStride in
            picture.withPixels { target, targetStride in
                for y in 0..<side {
                    let moduleY = y / moduleSize - quiet
                    for x in 0..<side {
                        let moduleX = x / moduleSize - quiet
                        let inside = (0..<modules.height).contains(moduleY) && (0..<modules.width).contains(moduleX)
                        target[y * targetStride + x] = inside ? source[moduleY * sourceStride + moduleX] : 255
                    }
                }
            }
        }
        return try PNGEncoder.encode(picture)
    }

    /// The text of the first QR code found in `image`, or nil when none can be read.
    public static func read(_ image: Image) throws -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        var found: Int32 = 0
        try vision("read QR code", cvision_qr_decode(image.handle, &buffer, buffer.count, &found))
        guard found != 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The text of the first QR code in an encoded image (a camera frame as JPEG or PNG).
    public static func read(_ bytes: [UInt8], limits: InputLimits = .standard) throws -> String? {
        try read(ImageDecoder(limits: limits).decode(bytes).image)
    }
}
