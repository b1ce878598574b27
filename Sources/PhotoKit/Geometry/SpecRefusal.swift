/// Why one spec's photo cannot be made from this master (other specs may still be).
public enum SpecRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case crownCut
    case crownNotFound
    case chinCut
    case insufficientResolution(needed: String, available: String)

    public var code: String {
        switch self {
        case .crownCut: "crown_cut"
        case .crownNotFound: "crown_not_found"
        case .chinCut: "chin_cut"
        case .insufficientResolution: "insufficient_resolution"
        }
    }

    public var description: String {
        switch self {
        case .crownCut: "the top of the head is cut off by the frame; leave space above the hair"
        case .crownNotFound: "the top of the head could not be told apart from the background; use a plain, lighter or darker backdrop"
        case .chinCut: "the chin is cut off by the frame; include the shoulders"
        case let .insufficientResolution(needed, available):
            "the face is too small in the master for this photo (needs \(needed), has \(available)); move closer or use a higher-resolution camera"
        }
    }
}
