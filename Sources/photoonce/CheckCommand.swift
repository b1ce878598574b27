import ArgumentParser
import Foundation
import PhotoKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge master portraits against the quality measures, and say what to fix.",
        discussion: """
        Prints each input's verdict and every measure that warns, fails or cannot be assessed, \
        with guidance in Chinese and English (--json: the whole quality report). The verdict for \
        a spec is its worst measure; the input's verdict the worst over the specs. Exit status: \
        0 when everything passes or warns, 4 when a measure fails, 3 when an input was refused \
        (not an image, no face, more than one face), 2 for usage errors.
        """)

    @Argument(help: "Master portraits (JPEG, PNG or WebP).")
    var inputs: [String]

    @Option(name: .customLong("spec"), help: ArgumentHelp("Spec code to judge for (repeatable; default: the five capture photos).", valueName: "code"))
    var specs: [String] = []

    @Flag(help: "Print the reports as JSON on stdout.")
    var json = false

    @OptionGroup var catalogOptions: CatalogOptions

    /// One input's outcome, as `--json` prints it.
    struct Outcome: Encodable {
        var file: String
        var verdict: String
        var refusal: ProcessingReport.Refusal?
        var quality: QualityReport?
    }

    func run() throws {
        let catalog = try catalogOptions.load()
        let codes = try CatalogOptions.specCodes(specs, in: catalog)
        let pipeline = PhotoPipeline(catalog: catalog, analyzer: try FaceAnalyzer())
        var outcomes: [Outcome] = []
        for input in inputs {
            let outcome: Outcome
            do {
                let bytes = try InputFile.read(input, limit: pipeline.decoder.limits.maxBytes)
                let report = try pipeline.process(bytes, specs: codes, fileName: (input as NSString).lastPathComponent).report
                let verdict = report.refusal == nil ? (report.quality?.verdict.rawValue ?? "unknown") : "refused"
                outcome = Outcome(file: input, verdict: verdict, refusal: report.refusal, quality: report.quality)
            } catch let error as CommandError {
                outcome = Outcome(file: input, verdict: "refused", refusal: .init(code: "unreadable", message: error.description))
            }
            outcomes.append(outcome)
            if !json { print(Self.describe(outcome)) }
            if let refusal = outcome.refusal { FileHandle.printError("\(input): \(refusal.message)") }
        }
        if json { print(String(decoding: try ReportWriter.encoder.encode(outcomes), as: UTF8.self)) }
        if outcomes.contains(where: { $0.refusal != nil }) { throw ExitCode(3) }
        if outcomes.contains(where: { $0.quality?.verdict == .fail }) { throw ExitCode(4) }
    }

    /// The text form: the verdict, then one line per measure that did not pass, with the
    /// specs it applies to when they differ.
    static func describe(_ outcome: Outcome) -> String {
        var lines = ["\(outcome.file): \(outcome.verdict.uppercased())"]
        guard let quality = outcome.quality else { return lines.joined(separator: "\n") }
        let specCount = quality.specs.count
        for measure in QualityMeasure.allCases {
            let results = quality.specs.compactMap { spec in spec.measure(measure).map { (spec.spec, $0) } }
            guard let worst = results.map(\.1.verdict).max(), worst != .pass else { continue }
            // A refused input was not measured: its unknowns only repeat the refusal.
            if outcome.refusal != nil, worst == .unknown { continue }
            let affected = results.filter { $0.1.verdict == worst }
            let result = affected[0].1
            let specsNote = affected.count == specCount ? "" : " [" + affected.map(\.0).joined(separator: ", ") + "]"
            var line = "  " + worst.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                + measure.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
            if let raw = result.raw, let score = result.score {
                line += String(format: "%8.3f  score %3.0f", raw, score)
            }
            line += specsNote
            if let guidance = result.guidance { line += "\n" + String(repeating: " ", count: 10) + guidance.zh + " / " + guidance.en }
            if worst == .unknown, let reason = result.reason { line += "  (" + reason + ")" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
