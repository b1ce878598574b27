/// Why an input file cannot be used at all. Each case says what the person can do.
public enum InputRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLarge(bytes: Int, limit: Int)
    case unsupportedFormat(looksLike: String)
    case tooManyPixels(width: Int, height: Int, limit: Int)
    case tooSmall(width: Int, height: Int, minimum: Int)
    case corrupt(format: ImageFormat, detail: String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .empty: "empty_file"
        case .tooLarge: "file_too_large"
        case .unsupportedFormat: "unsupported_format"
        case .tooManyPixels: "too_many_pixels"
        case .tooSmall: "image_too_small"
        case .corrupt: "corrupt_image"
        }
    }

    public var description: String {
        switch self {
        case .empty:
            "the file is empty (0 bytes); take or upload the photo again"
        case let .tooLarge(bytes, limit):
            "the file is \(megabytes(bytes)), more than the \(megabytes(limit)) allowed; export the photo at a lower size"
        case let .unsupportedFormat(looksLike):
            "the file is \(looksLike), not a JPEG, PNG or WebP photo"
        case let .tooManyPixels(width, height, limit):
            "the image is \(width)×\(height) pixels, more than the \(limit / 1_000_000) megapixels allowed; it was refused before decoding"
        case let .tooSmall(width, height, minimum):
            "the image is only \(width)×\(height) pixels; a portrait needs at least \(minimum) pixels on its shorter side"
        case let .corrupt(format, detail):
            "the \(format.rawValue.uppercased()) file is damaged or incomplete (\(detail)); take or upload the photo again"
        }
    }

    private func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
