/// A background colour asked for on the command line (`--background`): a colour named in
/// the catalog (`white`, `blue`, `red`, …) or `#RRGGBB`.
public struct BackgroundRequest: Equatable, Sendable, CustomStringConvertible {
    public enum Value: Equatable, Sendable {
        case named(String)
        case hex(RGBColor)
    }

    public let value: Value

    /// Parses `text` against `catalog`'s palette; throws a message naming the choices.
    public init(_ text: String, catalog: SpecCatalog) throws(BackgroundRefusal) {
        if text.hasPrefix("#") {
            guard let colour = RGBColor(hex: text) else { throw .malformed(text) }
            value = .hex(colour)
        } else if catalog.colours[text] != nil {
            value = .named(text)
        } else {
            throw .unknownName(text, known: catalog.colours.keys.sorted())
        }
    }

    public var description: String {
        switch value {
        case let .named(name): name
        case let .hex(colour): colour.hex
        }
    }

    /// The colour a spec's photo gets: the spec's default without a request; with one,
    /// the asked colour when the spec allows it. Official specs allow only the colours
    /// their regulation lists (`background.allowed`, catalog data); trade sizes take any
    /// catalog colour or any `#RRGGBB`.
    public static func resolve(_ request: BackgroundRequest?, for spec: PhotoSpec,
                               catalog: SpecCatalog) throws(BackgroundRefusal) -> (name: String, colour: RGBColor) {
        guard let request else {
            let name = spec.background.default
            return (name, catalog.colour(named: name)!)
        }
        switch (request.value, spec.kind) {
        case let (.named(name), .trade):
            return (name, catalog.colour(named: name)!)
        case let (.hex(colour), .trade):
            return (colour.hex, colour)
        case let (.named(name), _) where spec.background.allowed.contains(name):
            return (name, catalog.colour(named: name)!)
        case let (.hex(colour), _):
            if let name = spec.background.allowed.first(where: { catalog.colour(named: $0) == colour }) {
                return (name, colour)
            }
            throw .notAllowed(spec: spec.code, asked: request.description, allowed: spec.background.allowed)
        default:
            throw .notAllowed(spec: spec.code, asked: request.description, allowed: spec.background.allowed)
        }
    }
}

/// A background colour that cannot be used.
public enum BackgroundRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unknownName(String, known: [String])
    /// An official spec whose regulation fixes the background.
    case notAllowed(spec: String, asked: String, allowed: [String])

    public var code: String {
        switch self {
        case .malformed: "background_malformed"
        case .unknownName: "background_unknown"
        case .notAllowed: "background_not_allowed"
        }
    }

    public var description: String {
        switch self {
        case let .malformed(text): "background \"\(text)\" is not a colour: give a catalog name or #RRGGBB"
        case let .unknownName(text, known): "unknown background \"\(text)\"; the catalog names \(known.joined(separator: ", ")), or give #RRGGBB"
        case let .notAllowed(spec, asked, allowed):
            "\(spec) is an official photo whose background is fixed (\(allowed.joined(separator: " or "))); background \(asked) is only for trade sizes such as one-inch or two-inch"
        }
    }
}
