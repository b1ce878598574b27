import CVision

/// Lossless PNG, for masks and intermediate images that must not gain JPEG artefacts.
public enum PNGEncoder {
    public static func encode(_ image: Image, compression: Int = 3) throws -> [UInt8] {
        var pointer: UnsafeMutablePointer<UInt8>?
        var length = 0
        try vision("encode PNG", cvision_encode_png(image.handle, Int32(compression), &pointer, &length))
        defer { cvision_buffer_free(pointer) }
        return Array(UnsafeBufferPointer(start: pointer, count: length))
    }
}
