import CVision

/// A failure inside OpenCV or dlib, carried across the C boundary as a status code.
public struct VisionError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case invalidArgument, decode, encode, model, openCV, dlib, outOfMemory, unknown
    }

    public let kind: Kind
    public let operation: String
    public let message: String

    public var description: String { "\(operation) failed: \(message)" }

    init(kind: Kind, operation: String, message: String) {
        self.kind = kind
        self.operation = operation
        self.message = message
    }

    init(status: cvision_status, operation: String) {
        switch status {
        case CVISION_ERR_INVALID_ARGUMENT: kind = .invalidArgument
        case CVISION_ERR_DECODE: kind = .decode
        case CVISION_ERR_ENCODE: kind = .encode
        case CVISION_ERR_MODEL: kind = .model
        case CVISION_ERR_OPENCV: kind = .openCV
        case CVISION_ERR_DLIB: kind = .dlib
        case CVISION_ERR_OUT_OF_MEMORY: kind = .outOfMemory
        default: kind = .unknown
        }
        self.operation = operation
        self.message = String(cString: cvision_last_error())
    }
}

/// The one place that turns a CVision status into a thrown error.
@inline(__always)
func vision(_ operation: @autoclosure () -> String, _ status: cvision_status) throws {
    if status != CVISION_OK { throw VisionError(status: status, operation: operation()) }
}
