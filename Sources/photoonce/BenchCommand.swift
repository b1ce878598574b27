import ArgumentParser
import Foundation
import PhotoKit
#if canImport(Glibc)
import Glibc
#endif

/// Prints figures; asserts nothing. Timings are wall-clock medians on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Median milliseconds per pipeline stage for a 12-megapixel master and the test portraits.")

    @Option(help: "Runs per image.")
    var iterations = 5

    @Option(help: ArgumentHelp("Portrait the 12-megapixel master is made from.", valueName: "file"))
    var source = ".fixtures/portrait.jpg"

    @Option(help: ArgumentHelp("Folder of test portraits (default: PHOTOONCE_PORTRAITS or ../shared/testdata/portraits).", valueName: "dir"))
    var portraits: String?

    @OptionGroup var catalogOptions: CatalogOptions

    static let stages = ["decode", "detect", "landmarks", "crown", "quality", "crop+resample", "background", "encode", "measure"]

    func run() throws {
        let catalog = try catalogOptions.load()
        let loadStart = ContinuousClock.now
        let analyzer = try FaceAnalyzer()
        let modelLoad = ContinuousClock.now - loadStart
        let pipeline = PhotoPipeline(catalog: catalog, analyzer: analyzer)
        print("model loading: \(format(modelLoad.milliseconds)) ms (once per process)")

        let master = try twelveMegapixelMaster()
        print("\n12-megapixel master (\(master.size.width)×\(master.size.height), \(master.bytes.count / 1024) KB JPEG):")
        try report([("12 MP master", master.bytes)], pipeline: pipeline)

        let folder = portraits ?? ProcessInfo.processInfo.environment["PHOTOONCE_PORTRAITS"] ?? "../shared/testdata/portraits"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder))?
            .filter { ["jpg", "jpeg", "png"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted() ?? []
        if names.isEmpty {
            print("\nno test portraits in \(folder); skipped")
        } else {
            let inputs = try names.map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))) }
            print("\ntest portraits (\(inputs.count) in \(folder), medians over all runs of the images that gave photos):")
            try report(inputs, pipeline: pipeline)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("\npeak resident memory: \(usage.ru_maxrss / 1024) MB")
    }

    /// Times the pipeline and the bare decode + encode of the same images.
    private func report(_ inputs: [(name: String, bytes: [UInt8])], pipeline: PhotoPipeline) throws {
        var stageTimes: [String: [Double]] = [:]
        var totals: [Double] = [], baselines: [Double] = []
        // What a quality check costs after decode and landmarks, per run of each image: the
        // person mask the background measures read (and the crown) plus the measures. The
        // slowest image is what a person at the window waits for.
        var checks: [(name: String, runs: [Double])] = []
        for (name, bytes) in inputs {
            checks.append((name, []))
            for _ in 0..<iterations {
                let started = ContinuousClock.now
                let result = try pipeline.process(bytes)
                let total = (ContinuousClock.now - started).milliseconds
                guard result.report.refusal == nil else { break }
                totals.append(total)
                for stage in Self.stages { stageTimes[stage, default: []].append(result.report.timings[stage] ?? 0) }
                checks[checks.count - 1].runs.append((result.report.timings["crown"] ?? 0) + (result.report.timings["quality"] ?? 0))
                let baselineStart = ContinuousClock.now
                let decoded = try pipeline.decoder.decode(bytes)
                _ = try JPEGEncoder.encode(decoded.image, quality: 90, dpi: nil)
                baselines.append((ContinuousClock.now - baselineStart).milliseconds)
            }
        }
        guard !totals.isEmpty else {
            print("  no image gave photos")
            return
        }
        for stage in Self.stages { print("  \(stage.padding(toLength: 14, withPad: " ", startingAt: 0)) \(format(median(stageTimes[stage]!))) ms") }
        let total = median(totals), baseline = median(baselines)
        print("  crown+quality  \(format(median(checks.flatMap(\.runs)))) ms  (person mask and measures: the check after decode and landmarks)")
        let checkPerImage = checks.filter { !$0.runs.isEmpty }.map { (name: $0.name, milliseconds: median($0.runs)) }
        if checkPerImage.count > 1 {
            let slowest = checkPerImage.sorted { $0.milliseconds > $1.milliseconds }.prefix(3)
            print("    slowest images: " + slowest.map { "\($0.name) \(format($0.milliseconds)) ms" }.joined(separator: ", "))
        }
        print("  total          \(format(total)) ms  (\(totals.count) runs)")
        print("  decode+encode  \(format(baseline)) ms  (bare decode and one full-size JPEG encode of the same image)")
        print("  ratio          \(format(total / baseline))×")
    }

    private func twelveMegapixelMaster() throws -> (bytes: [UInt8], size: Size) {
        let decoded = try ImageDecoder().decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))).image
        // 3000 × 4000 = 12 MP: the portrait scaled to the width, centred on a taller canvas
        // by scaling the square up to 4000 and keeping the middle 3000 columns.
        let big = try decoded.resized(width: 4000, height: 4000, interpolation: .cubic)
        let frame = try big.cropped(to: PixelRect(x: 500, y: 0, width: 3000, height: 4000))
        let jpeg = try JPEGEncoder.encode(frame, quality: 92, dpi: nil)
        return (jpeg.bytes, frame.size)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
