import ArgumentParser
import Foundation
import PhotoKit

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Lay out the photos of one master on a print sheet at their exact size.",
        discussion: """
        Makes each --spec photo from INPUT and places copies at their print size in mm on the \
        paper at 300 dpi, with 2 mm margins and 2 mm gaps to cut along. Without --count one \
        spec fills the sheet, and several specs share it equally. Writes a JPEG whose JFIF \
        density is 300 dpi, or a PDF whose page is the paper's size with each photo's own JPEG \
        embedded; printing either at 100 % gives the exact sizes. --background colours the \
        photos as for process. Exit status: 0 written, 3 the input or a spec's photo was \
        refused, 2 usage errors (unknown spec or paper, a spec without a print size, copies \
        that do not fit, a background the spec does not allow).
        """)

    @Argument(help: "Master portrait (JPEG, PNG or WebP).")
    var input: String

    @Option(name: .customLong("spec"), help: ArgumentHelp("Spec code to print (repeatable).", valueName: "code"))
    var specs: [String]

    @Option(help: ArgumentHelp("Paper from the catalog: 6inch, 5inch or a4.", valueName: "name"))
    var paper = "6inch"

    @Option(help: ArgumentHelp("Copies of each spec (default: as many as fit).", valueName: "n"))
    var count: Int?

    @Flag(help: "Draw cut marks in the gaps.")
    var cutMarks = false

    @Option(help: ArgumentHelp("Output file (.jpg or .pdf).", valueName: "file"))
    var out: String

    @OptionGroup var backgroundOption: BackgroundOption

    @OptionGroup var catalogOptions: CatalogOptions

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one --spec") }
        if let count, count < 1 { throw ValidationError("--count must be 1 or more") }
        let ext = (out as NSString).pathExtension.lowercased()
        if !["jpg", "jpeg", "pdf"].contains(ext) { throw ValidationError("--out must end in .jpg or .pdf") }
    }

    func run() throws {
        let catalog = try catalogOptions.load()
        let codes = try CatalogOptions.specCodes(specs, in: catalog)
        let background = try backgroundOption.request(for: codes, in: catalog)
        guard let paperSize = catalog.papers[paper] else {
            throw ValidationError("unknown paper \"\(paper)\"; the catalog has \(catalog.papers.keys.sorted().joined(separator: ", "))")
        }
        let sizes = try codes.map { code -> PhotoSpec.Millimetres in
            guard let mm = catalog.spec(code)?.printMillimetres else { throw ValidationError("spec \"\(code)\" has no print size") }
            return mm
        }
        let layout = try Self.layout(paper: paperSize, sizes: sizes, count: count)
        let pipeline = PhotoPipeline(catalog: catalog, analyzer: try FaceAnalyzer())
        let master = try InputFile.read(input, limit: pipeline.decoder.limits.maxBytes)
        let result = try pipeline.process(master, specs: codes, fileName: (input as NSString).lastPathComponent, assessQuality: false, background: background)
        if let refusal = result.report.refusal {
            FileHandle.printError("\(input): \(refusal.message)")
            throw ExitCode(3)
        }
        var photos: [(image: Image, jpeg: [UInt8])] = []
        for code in codes {
            guard let jpeg = result.photos[code] else {
                let reason = result.report.photos.first { $0.spec == code }?.refusal?.message ?? "refused"
                FileHandle.printError("\(input): \(code): \(reason)")
                throw ExitCode(3)
            }
            photos.append((try ImageDecoder().decode(jpeg).image, jpeg))
        }
        let bytes: [UInt8]
        if (out as NSString).pathExtension.lowercased() == "pdf" {
            bytes = try SheetPDF.make(layout, photos: photos, cutMarks: cutMarks)
        } else {
            let sheet = try SheetRenderer.render(layout, photos: photos.map(\.image), cutMarks: cutMarks)
            bytes = try JPEGEncoder.encode(sheet, quality: 95, dpi: SheetRenderer.dpi).bytes
        }
        try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        let perSpec = codes.indices.map { i in "\(layout.placements.filter { $0.photo == i }.count)× \(codes[i])" }
        print("\(out): \(paper) \(Int(paperSize.width))×\(Int(paperSize.height)) mm at \(SheetRenderer.dpi) dpi, \(perSpec.joined(separator: ", "))")
    }

    /// The layout for `count` copies of each size, or, without a count, the most copies that
    /// fit with every spec getting as many.
    static func layout(paper: PhotoSpec.Millimetres, sizes: [PhotoSpec.Millimetres], count: Int?) throws -> SheetLayout {
        if let count {
            let layout = SheetLayout.plan(paper: paper, photos: sizes, counts: Array(repeating: count, count: sizes.count))
            guard layout.placements.count == count * sizes.count else {
                throw ValidationError("\(count) copies of each do not fit on this paper (\(layout.placements.count) of \(count * sizes.count) fit)")
            }
            return layout
        }
        if sizes.count == 1 { return SheetLayout.plan(paper: paper, photos: sizes, counts: [nil]) }
        for each in stride(from: 64, through: 1, by: -1) {
            let layout = SheetLayout.plan(paper: paper, photos: sizes, counts: Array(repeating: each, count: sizes.count))
            if layout.placements.count == each * sizes.count { return layout }
        }
        throw ValidationError("these photos do not fit on this paper together")
    }
}
