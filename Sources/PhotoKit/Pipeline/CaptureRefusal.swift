/// Why a master cannot be used for any photo.
public enum CaptureRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case input(InputRefusal)
    case noFace
    case multipleFaces(count: Int)

    public var code: String {
        switch self {
        case let .input(refusal): refusal.code
        case .noFace: "no_face"
        case .multipleFaces: "multiple_faces"
        }
    }

    public var description: String {
        switch self {
        case let .input(refusal): refusal.description
        case .noFace: "no face was found clearly enough; the person must face the camera, with the whole head in the frame and the face evenly lit"
        case let .multipleFaces(count): "\(count) faces were found; only the person being photographed may be in the frame"
        }
    }
}
