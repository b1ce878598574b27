import ArgumentParser
import Foundation
import PhotoKit

struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Make the standard photos and report.json from master portraits.",
        discussion: """
        Writes DIR/<input stem>/<spec>.jpg and DIR/<input stem>/report.json for each input.
        Each photo gets its spec's background colour; --background overrides it for trade
        sizes, and official specs accept only the colours they list (another is a usage
        error). A backdrop too busy to cut out is kept as shot, with a line on stderr.
        Exit status: 0 when every photo was made, 3 when an input or a photo was refused
        (one line per refusal on stderr), 2 for usage errors.
        """)

    @Argument(help: "Master portraits (JPEG, PNG or WebP).")
    var inputs: [String]

    @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var out: String

    @Option(name: .customLong("spec"), help: ArgumentHelp("Spec code to produce (repeatable; default: the five capture photos).", valueName: "code"))
    var specs: [String] = []

    @Flag(help: "Print the reports as JSON on stdout.")
    var json = false

    @OptionGroup var backgroundOption: BackgroundOption

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.load()
        let codes = try CatalogOptions.specCodes(specs, in: catalog)
        let background = try backgroundOption.request(for: codes, in: catalog)
        let pipeline = PhotoPipeline(catalog: catalog, analyzer: try FaceAnalyzer())
        var refused = false
        var reports: [ProcessingReport] = []
        for (index, input) in inputs.enumerated() {
            let url = URL(fileURLWithPath: input)
            let stem = url.deletingPathExtension().lastPathComponent
            let folder = URL(fileURLWithPath: out).appendingPathComponent(stem)
            let started = ContinuousClock.now
            let bytes: [UInt8]
            do { bytes = try InputFile.read(input, limit: pipeline.decoder.limits.maxBytes) } catch {
                FileHandle.printError("\(input): \(error)")
                refused = true
                continue
            }
            let result = try pipeline.process(bytes, specs: codes, fileName: url.lastPathComponent, background: background)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (code, photo) in result.photos {
                try Data(photo).write(to: folder.appendingPathComponent(code + ".jpg"), options: .atomic)
            }
            try ReportWriter.encoder.encode(result.report).write(to: folder.appendingPathComponent("report.json"), options: .atomic)
            reports.append(result.report)
            if let refusal = result.report.refusal {
                FileHandle.printError("\(input): \(refusal.message)")
                refused = true
            }
            for photo in result.report.photos {
                if let background = photo.backgroundReplacement, background.method == .keptAsShot {
                    FileHandle.printError("\(input): \(photo.spec): background not replaced: \(background.reason ?? "")")
                }
            }
            for photo in result.report.photos where photo.status == .refused {
                FileHandle.printError("\(input): \(photo.spec): \(photo.refusal?.message ?? "refused")")
                refused = true
            }
            let elapsed = ContinuousClock.now - started
            let line = "[\(index + 1)/\(inputs.count)] \(input): \(result.photos.count) photo(s) in \(Int(elapsed.milliseconds)) ms → \(folder.path)"
            if json { FileHandle.printError(line) } else { print(line) }
        }
        if json { print(String(decoding: try ReportWriter.encoder.encode(reports), as: UTF8.self)) }
        if refused { throw ExitCode(3) }
    }
}

/// Reading an input named on the command line.
enum InputFile {
    /// Reads a file, refusing one over `limit` bytes by its size before reading it.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw CommandError("cannot read the file (does it exist?)")
        }
        if let size = attributes[.size] as? Int, size > limit {
            throw CommandError(InputRefusal.tooLarge(bytes: size, limit: limit).description)
        }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum ReportWriter {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
