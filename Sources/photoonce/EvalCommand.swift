import ArgumentParser
import Foundation
import PhotoKit

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Compare quality verdicts with hand labels and print the accuracy tables.",
        discussion: """
        The labels file is CSV with a header: file,expected_verdict,failing_measures[,skin]; \
        expected_verdict is pass, fail or refused; failing_measures lists measure names \
        separated by ';'; skin (darker, lighter) splits the accuracy by skin tone. Files are \
        found relative to --images (default: the labels file's folder). Prints a confusion \
        matrix of the overall verdict (pass and warn both count as acceptable), then per \
        measure how many labelled defects it caught and how many acceptable images it failed. \
        Prints figures only; exit status 0 unless the labels cannot be read.
        """)

    @Option(help: ArgumentHelp("Labels CSV (repeatable).", valueName: "file"))
    var labels: [String]

    @Option(help: ArgumentHelp("Folder the labelled files are in (default: each labels file's folder).", valueName: "dir"))
    var images: String?

    @Option(help: ArgumentHelp("Spec the verdicts are judged for.", valueName: "code"))
    var spec = "cn-id-card"

    @Flag(help: "List every image whose verdict or measures disagree with its label.")
    var verbose = false

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.load()
        _ = try CatalogOptions.specCodes([spec], in: catalog)
        let pipeline = PhotoPipeline(catalog: catalog, analyzer: try FaceAnalyzer())
        var evaluation = Evaluation()
        for file in labels {
            let rows = try LabelFile.read(file)
            let folder = images.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: file).deletingLastPathComponent()
            for row in rows {
                let path = folder.appendingPathComponent(row.file).path
                guard FileManager.default.fileExists(atPath: path) else {
                    evaluation.missing.append(row.file)
                    continue
                }
                let bytes = try InputFile.read(path, limit: pipeline.decoder.limits.maxBytes)
                let report = try pipeline.process(bytes, specs: [spec], fileName: row.file).report
                evaluation.add(row, report: report, spec: spec)
            }
        }
        print(evaluation.table(verbose: verbose))
    }
}

/// One labelled image.
struct LabelRow {
    var file: String
    var expected: String
    var failing: Set<QualityMeasure>
    var skin: String?
}

enum LabelFile {
    static func read(_ path: String) throws -> [LabelRow] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("\(path): cannot read the labels file")
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !lines.isEmpty else { throw CommandError("\(path): the labels file is empty") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let fileColumn = header.firstIndex(of: "file"), let verdictColumn = header.firstIndex(of: "expected_verdict"),
              let measuresColumn = header.firstIndex(of: "failing_measures") else {
            throw CommandError("\(path): the header must name file, expected_verdict and failing_measures")
        }
        let skinColumn = header.firstIndex(of: "skin")
        return try lines.enumerated().map { index, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= header.count else { throw CommandError("\(path): line \(index + 2): expected \(header.count) columns") }
            let expected = cells[verdictColumn]
            guard ["pass", "fail", "refused"].contains(expected) else {
                throw CommandError("\(path): line \(index + 2): expected_verdict must be pass, fail or refused, not \"\(expected)\"")
            }
            var failing = Set<QualityMeasure>()
            for name in cells[measuresColumn].split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let measure = QualityMeasure(rawValue: name) else {
                    throw CommandError("\(path): line \(index + 2): unknown measure \"\(name)\"")
                }
                failing.insert(measure)
            }
            let skin = skinColumn.map { cells[$0] }.flatMap { ["darker", "lighter"].contains($0) ? $0 : nil }
            return LabelRow(file: cells[fileColumn], expected: expected, failing: failing, skin: skin)
        }
    }
}

/// Counts for the evaluation tables.
struct Evaluation {
    static let outcomes = ["pass", "warn", "fail", "refused"]
    var confusion: [String: [String: Int]] = [:]
    var caught: [QualityMeasure: (labelled: Int, caught: Int)] = [:]
    var wronglyFailed: [QualityMeasure: Int] = [:]
    var extraFails: [QualityMeasure: Int] = [:]
    var bySkin: [String: (right: Int, total: Int)] = [:]
    var disagreements: [String] = []
    var missing: [String] = []
    var acceptableCount = 0

    mutating func add(_ row: LabelRow, report: ProcessingReport, spec: String) {
        let quality = report.quality?.spec(spec)
        let actual = report.refusal != nil ? "refused" : (quality?.verdict.rawValue ?? "unknown")
        confusion[row.expected, default: [:]][actual, default: 0] += 1
        let right = switch row.expected {
        case "pass": actual == "pass" || actual == "warn"
        default: actual == row.expected
        }
        if let skin = row.skin {
            bySkin[skin, default: (0, 0)].total += 1
            if right { bySkin[skin]!.right += 1 }
        }
        let failed = Set(quality?.failing ?? [])
        for measure in row.failing {
            caught[measure, default: (0, 0)].labelled += 1
            if failed.contains(measure) { caught[measure]!.caught += 1 }
        }
        if row.expected == "pass" {
            acceptableCount += 1
            for measure in failed { wronglyFailed[measure, default: 0] += 1 }
        } else {
            for measure in failed.subtracting(row.failing) { extraFails[measure, default: 0] += 1 }
        }
        let missed = row.failing.subtracting(failed).map(\.rawValue).sorted()
        let extra = failed.subtracting(row.failing).map(\.rawValue).sorted()
        if !right || !missed.isEmpty || (row.expected == "pass" && !extra.isEmpty) {
            var note = "\(row.file): expected \(row.expected), got \(actual)"
            if !missed.isEmpty { note += "; missed " + missed.joined(separator: ",") }
            if !extra.isEmpty { note += "; also failed " + extra.joined(separator: ",") }
            disagreements.append(note)
        }
    }

    func table(verbose: Bool) -> String {
        var out: [String] = []
        let total = confusion.values.flatMap(\.values).reduce(0, +)
        let right = (confusion["pass"]?["pass"] ?? 0) + (confusion["pass"]?["warn"] ?? 0)
            + (confusion["fail"]?["fail"] ?? 0) + (confusion["refused"]?["refused"] ?? 0)
        out.append("Overall verdict: \(right) of \(total) right (\(Self.percent(right, total)))")
        out.append("expected \\ got  " + Self.outcomes.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined())
        for expected in ["pass", "fail", "refused"] {
            let row = Self.outcomes.map { String(confusion[expected]?[$0] ?? 0).padding(toLength: 8, withPad: " ", startingAt: 0) }
            out.append(expected.padding(toLength: 16, withPad: " ", startingAt: 0) + row.joined())
        }
        for (skin, counts) in bySkin.sorted(by: { $0.key < $1.key }) {
            out.append("  \(skin) skin: \(counts.right) of \(counts.total) right (\(Self.percent(counts.right, counts.total)))")
        }
        out.append("")
        out.append("measure                   caught/labelled      failed acceptable (of \(acceptableCount))   failed elsewhere")
        for measure in QualityMeasure.allCases {
            let c = caught[measure]
            let caughtText = c.map { "\($0.caught)/\($0.labelled) (\(Self.percent($0.caught, $0.labelled)))" } ?? "—"
            out.append(measure.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)
                + caughtText.padding(toLength: 21, withPad: " ", startingAt: 0)
                + String(wronglyFailed[measure] ?? 0).padding(toLength: 30, withPad: " ", startingAt: 0)
                + String(extraFails[measure] ?? 0))
        }
        if !missing.isEmpty { out.append("\nnot found (skipped): \(missing.count) — \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")") }
        if verbose, !disagreements.isEmpty { out.append("\nDisagreements:"); out.append(contentsOf: disagreements.map { "  " + $0 }) }
        return out.joined(separator: "\n")
    }

    static func percent(_ a: Int, _ b: Int) -> String { b == 0 ? "—" : String(format: "%.0f %%", 100 * Double(a) / Double(b)) }
}
