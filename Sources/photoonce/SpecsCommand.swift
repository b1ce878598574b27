import ArgumentParser
import Foundation
import PhotoKit

struct SpecsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "specs", abstract: "List the photo specs in the catalog.")

    @Flag(help: "Print the whole catalog as JSON.")
    var json = false

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.load()
        if json {
            struct Listing: Encodable {
                let version: String
                let colours: [String: SpecCatalog.NamedColour]
                let quality: [String: QualityBands]
                let papers: [String: PhotoSpec.Millimetres]
                let specs: [PhotoSpec]
            }
            let quality = Dictionary(uniqueKeysWithValues: catalog.qualityDefaults.map { ($0.key.rawValue, $0.value) })
            let listing = Listing(version: catalog.version, colours: catalog.colours, quality: quality, papers: catalog.papers, specs: catalog.specs)
            print(String(decoding: try ReportWriter.encoder.encode(listing), as: UTF8.self))
            return
        }
        print("catalog \(catalog.version)")
        let rows = catalog.specs.map { spec -> [String] in
            let pixels = spec.pixels.map { "\($0.width)×\($0.height)" } ?? "as shot"
            let mm = spec.printMillimetres.map { "\(format($0.width))×\(format($0.height)) mm" } ?? "—"
            let kb = spec.file.sizeKB.map { "\(format($0.min ?? 0))–\(format($0.max ?? 0)) KB" } ?? "—"
            return [spec.code, spec.name.en, spec.name.zh, pixels, spec.dpi.map { "\($0) dpi" } ?? "—", mm, kb,
                    spec.background.allowed.joined(separator: ",")]
        }
        let header = ["code", "name", "名称", "pixels", "dpi", "print", "file", "backgrounds"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        for row in [header] + rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
