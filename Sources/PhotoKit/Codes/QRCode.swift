import CVision

/// QR codes through OpenCV (objdetect writes, wechat_qrcode reads): authorization codes shown to a citizen as an
/// image, and read back from a department's camera frames.
public enum QRCode {
    /// A PNG of `text` as a QR code: `moduleSize` pixels a module, a quiet zone of four
    /// modules (what readers need to find the code), black on white.
    public static func png(_ text: String, moduleSize: Int = 8) throws -> [UInt8] {
        try PNGEncoder.encode(picture(of: try readableModules(text), moduleSize: moduleSize))
    }

    /// The code's modules, read back before they are handed out. OpenCV 4.6's encoder picks a
    /// version one too small for some byte-mode lengths (seen at 368, 426, 459 and 521 bytes,
    /// one past the capacity of versions 13–16 at level L): its code holds a cut-off text no
    /// phone can read. Such a text is encoded again at the next larger version.
    private static func readableModules(_ text: String) throws -> Image {
        var modules = try encode(text, version: 0)
        while try read(try picture(of: modules, moduleSize: 2)) != text {
            let version = (modules.width - 17) / 4
            guard version < 40 else { throw VisionError(kind: .encode, operation: "encode QR code", message: "no QR version holds these \(text.utf8.count) bytes readably") }
            modules = try encode(text, version: Int32(version + 1))
        }
        return modules
    }

    private static func encode(_ text: String, version: Int32) throws -> Image {
        try Image.make("encode QR code") { out in text.withCString { cvision_qr_encode($0, version, out) } }
    }

    private static func picture(of modules: Image, moduleSize: Int) throws -> Image {
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
        return picture
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
