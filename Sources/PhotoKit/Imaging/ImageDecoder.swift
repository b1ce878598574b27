import CVision

/// An upright 8-bit BGR image decoded from user bytes, with what was done to get there.
public struct DecodedImage: Sendable {
    public let image: Image
    public let header: ImageHeader
    public let orientation: ExifOrientation
    /// Conversions applied (e.g. "CMYK converted to RGB"), for the report.
    public let conversions: [String]
}

/// Turns untrusted bytes into an upright 8-bit BGR image, refusing by header first.
public struct ImageDecoder: Sendable {
    public var limits: InputLimits
    /// Colour that transparent pixels are flattened onto.
    public var matte: RGBColor

    public init(limits: InputLimits = .standard, matte: RGBColor = .white) {
        self.limits = limits
        self.matte = matte
    }

    /// Checks size and header without decoding any pixel.
    public func inspect(_ bytes: [UInt8]) throws(InputRefusal) -> ImageHeader {
        if bytes.isEmpty { throw .empty }
        if bytes.count > limits.maxBytes { throw .tooLarge(bytes: bytes.count, limit: limits.maxBytes) }
        let header = try ImageHeader.read(bytes)
        if header.width * header.height > limits.maxPixels {
            throw .tooManyPixels(width: header.width, height: header.height, limit: limits.maxPixels)
        }
        if header.format == .jpeg && !ImageHeader.jpegHasEndAfterScan(bytes) {
            // libjpeg would fill a cut-off file with grey and call it decoded.
            throw .corrupt(format: .jpeg, detail: "the file ends before the image data does")
        }
        if min(header.width, header.height) < limits.minSide {
            throw .tooSmall(width: header.width, height: header.height, minimum: limits.minSide)
        }
        return header
    }

    public func decode(_ bytes: [UInt8]) throws -> DecodedImage {
        let header = try inspect(bytes)
        let raw: Image
        do {
            // IMREAD_UNCHANGED keeps alpha and 16-bit samples and ignores EXIF, which we apply ourselves.
            raw = try Image.make("decode") { out in
                bytes.withUnsafeBufferPointer { cvision_decode($0.baseAddress, $0.count, -1, out) }
            }
        } catch let error as VisionError {
            _ = error  // OpenCV's message names its internals, not what the person can do.
            throw InputRefusal.corrupt(format: header.format, detail: "no pixels could be read")
        }
        if raw.width != header.width || raw.height != header.height {
            throw InputRefusal.corrupt(format: header.format, detail: "decoded size differs from the header")
        }
        var conversions: [String] = []
        if header.format == .jpeg && header.components == 4 { conversions.append("CMYK converted to RGB") }
        var image = raw
        if image.depth != .uint8 {
            conversions.append("\(image.depth == .uint16 ? 16 : 32)-bit samples reduced to 8-bit")
            image = try image.converted(to: .uint8, scale: image.depth == .uint16 ? 1.0 / 257.0 : 255.0)
        }
        switch image.channels {
        case 1:
            conversions.append("grayscale expanded to RGB")
            image = try image.converted(.grayToBGR)
        case 4:
            conversions.append("transparency flattened onto \(matte.hex)")
            image = try AlphaFlattening.flatten(image, onto: matte)
        default:
            break
        }
        if image.channels == 3, header.components != 4, let profile = ColourProfile.embedded(in: bytes, format: header.format),
           !profile.isSRGB {
            // A profile that cannot be used leaves the pixels as they are (read as sRGB).
            if (try? profile.convertToSRGB(image)) != nil {
                conversions.append("colour profile \"\(profile.description)\" converted to sRGB")
            }
        }
        let orientation = ExifOrientation.read(from: bytes, format: header.format)
        if orientation != .up { conversions.append("EXIF orientation \(orientation.rawValue) applied") }
        image = try orientation.upright(image)
        return DecodedImage(image: image, header: header, orientation: orientation, conversions: conversions)
    }
}
