import Foundation

/// Every spec PhotoKit knows, with the named background colours, loaded and validated
/// once at start-up from a folder of JSON files (`catalog.json` and `specs/<code>.json`).
public struct SpecCatalog: Sendable {
    /// Changes whenever a figure or threshold changes; reports record it.
    public let version: String
    public let colours: [String: NamedColour]
    public let specs: [PhotoSpec]
    /// Default quality thresholds, one per measure; a spec's `quality` overrides them.
    public let qualityDefaults: [QualityMeasure: QualityBands]
    /// Photo paper sizes for print sheets, by name.
    public let papers: [String: PhotoSpec.Millimetres]

    public struct NamedColour: Codable, Equatable, Sendable {
        public var hex: String
        public var note: String?
        public var rgb: RGBColor { RGBColor(hex: hex)! }
    }

    /// The five photos every capture produces.
    public static let captureSet = ["master", "cn-id-card", "cn-exit-entry", "cn-driver-license", "face-compare-hd"]

    public func spec(_ code: String) -> PhotoSpec? { specs.first { $0.code == code } }

    public func colour(named name: String) -> RGBColor? { colours[name]?.rgb }

    /// The thresholds `measure` is judged with for `spec`.
    public func qualityBands(_ measure: QualityMeasure, spec: PhotoSpec) -> QualityBands {
        spec.quality?[measure.rawValue] ?? qualityDefaults[measure]!
    }

    /// The folder of the catalog shipped inside PhotoKit.
    public static var bundledFolder: URL? { Bundle.module.url(forResource: "Catalog", withExtension: nil) }

    /// The catalog shipped inside PhotoKit.
    public static func bundled() throws(SpecCatalogError) -> SpecCatalog {
        guard let url = bundledFolder else {
            throw SpecCatalogError(file: "Catalog", field: "", reason: "the bundled catalog folder is missing from the build")
        }
        return try load(from: url)
    }

    /// Loads `folder/catalog.json` and every `folder/specs/*.json`.
    public static func load(from folder: URL) throws(SpecCatalogError) -> SpecCatalog {
        let manifestURL = folder.appendingPathComponent("catalog.json")
        let manifest: Manifest = try decode(Manifest.self, at: manifestURL)
        for (name, colour) in manifest.colours where RGBColor(hex: colour.hex) == nil {
            throw SpecCatalogError(file: manifestURL.path, field: "colours.\(name).hex", reason: "\"\(colour.hex)\" is not #RRGGBB")
        }
        let qualityDefaults = try QualityBandsValidator(file: manifestURL.path).validateDefaults(manifest.quality)
        for (name, paper) in manifest.papers where !(paper.width > 20 && paper.height > 20 && paper.width <= 1000 && paper.height <= 1000) {
            throw SpecCatalogError(file: manifestURL.path, field: "papers.\(name)", reason: "width and height must be 20–1000 mm")
        }
        let specsFolder = folder.appendingPathComponent("specs")
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: specsFolder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw SpecCatalogError(file: specsFolder.path, field: "", reason: "cannot list the spec folder")
        }
        var specs: [PhotoSpec] = []
        for file in files {
            let spec: PhotoSpec = try decode(PhotoSpec.self, at: file)
            try SpecValidator(file: file.path, palette: manifest.colours).validate(spec)
            try QualityBandsValidator(file: file.path).validateOverrides(spec.quality)
            if specs.contains(where: { $0.code == spec.code }) {
                throw SpecCatalogError(file: file.path, field: "code", reason: "\"\(spec.code)\" is defined twice")
            }
            specs.append(spec)
        }
        for code in captureSet where !specs.contains(where: { $0.code == code }) {
            throw SpecCatalogError(file: specsFolder.path, field: code, reason: "the capture set needs spec \"\(code)\"")
        }
        return SpecCatalog(version: manifest.version, colours: manifest.colours, specs: specs, qualityDefaults: qualityDefaults,
                           papers: manifest.papers)
    }

    private struct Manifest: Codable {
        var version: String
        var colours: [String: NamedColour]
        var quality: [String: QualityBands]
        var papers: [String: PhotoSpec.Millimetres]
    }

    private static func decode<T: Decodable>(_ type: T.Type, at url: URL) throws(SpecCatalogError) -> T {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SpecCatalogError(file: url.path, field: "", reason: "cannot be read")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw SpecCatalogError(decoding: error, file: url.path)
        } catch {
            throw SpecCatalogError(file: url.path, field: "", reason: "\(error)")
        }
    }
}

/// A catalog file that cannot be used, naming the file and the field.
public struct SpecCatalogError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let field: String
    public let reason: String

    public var description: String {
        field.isEmpty ? "spec catalog: \(file): \(reason)" : "spec catalog: \(file): field \"\(field)\": \(reason)"
    }

    init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    init(decoding error: DecodingError, file: String) {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case let .keyNotFound(key, context):
            self.init(file: file, field: path(context.codingPath + [key]), reason: "is missing")
        case let .typeMismatch(type, context):
            self.init(file: file, field: path(context.codingPath), reason: "should be \(type)")
        case let .valueNotFound(type, context):
            self.init(file: file, field: path(context.codingPath), reason: "should be \(type), found null")
        case let .dataCorrupted(context):
            let reason = context.codingPath.isEmpty ? "is not valid JSON" : "has an invalid value: \(context.debugDescription)"
            self.init(file: file, field: path(context.codingPath), reason: reason)
        @unknown default:
            self.init(file: file, field: "", reason: "\(error)")
        }
    }
}
