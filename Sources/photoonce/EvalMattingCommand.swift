import ArgumentParser
import Foundation
import PhotoKit

struct EvalMattingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-matting",
        abstract: "Measure background replacement on real portraits and on composites with a known matte.",
        discussion: """
        For every portrait in --images, makes the --spec photo on white, blue and red and \
        prints: the share of background pixels (3 px or more outside the person's outline) \
        within ΔE2000 < 3 of the target colour, the share of the outline band whose colour is \
        pulled toward the original backdrop (spill), and the milliseconds of segmentation, \
        matting and composite for that crop; busy backdrops say they were kept as shot. Then \
        composites the person matted from --truth onto other plain backdrops and prints the \
        alpha error (SAD, MSE) of the matte recovered from each against the known one. With \
        --out, writes every photo as JPEG and PNG there, and each matte as <image>-alpha.png. \
        Prints figures only.
        """)

    @Option(help: ArgumentHelp("Folder of portraits (default: PHOTOONCE_PORTRAITS or ../shared/testdata/portraits).", valueName: "dir"))
    var images: String?

    @Option(help: ArgumentHelp("Folder for the photos made (JPEG and PNG).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Spec the photos are made for (a trade size takes every colour; an official spec only those it allows).", valueName: "code"))
    var spec = "one-inch"

    @Option(help: ArgumentHelp("Portrait (file name in --images) whose matte is the synthetic truth.", valueName: "file"))
    var truth = "hivision__test0.jpg"

    @OptionGroup var catalogOptions: CatalogOptions

    static let colours = ["white", "blue", "red"]
    /// Plain backdrops the synthetic person is put on: light grey, off-white, blue-grey,
    /// dark grey, green.
    static let syntheticBackdrops = ["#D0D0D0", "#F2EEE6", "#6A8CAF", "#3C3C3C", "#2F6B45"]

    func run() throws {
        let catalog = try catalogOptions.load()
        _ = try CatalogOptions.specCodes([spec], in: catalog)
        // An official spec is judged only on the colours it allows.
        let colours = catalog.spec(spec)!.kind == .trade ? Self.colours : Self.colours.filter { catalog.spec(spec)!.background.allowed.contains($0) }
        let folder = images ?? ProcessInfo.processInfo.environment["PHOTOONCE_PORTRAITS"].flatMap { $0.isEmpty ? nil : $0 } ?? "../shared/testdata/portraits"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ValidationError("cannot list the portraits folder \(folder)")
        }
        let files = names.filter { ["jpg", "jpeg", "png", "webp"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        if let out { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        let pipeline = PhotoPipeline(catalog: catalog, analyzer: try FaceAnalyzer())

        print("Background replacement, spec \(spec): background ΔE2000<3 share, spill share of the outline band, ms (segmentation+matting+composite)")
        print("image".padding(toLength: 36, withPad: " ", startingAt: 0) + colours.map { $0.padding(toLength: 26, withPad: " ", startingAt: 0) }.joined())
        var stageTimes: [Double] = [], cpuTimes: [Double] = [], within: [Double] = [], spills: [String: [Double]] = [:]
        var worst: (name: String, spill: Double)?
        var truthRecord: PhotoPipeline.Replacement?
        var crownGaps: [(file: String, gap: Double)] = []
        for file in files {
            let bytes = try InputFile.read((folder as NSString).appendingPathComponent(file), limit: pipeline.decoder.limits.maxBytes)
            var cells: [String] = []
            for colourName in colours {
                let request = try BackgroundRequest(colourName, catalog: catalog)
                let result = try pipeline.process(bytes, specs: [spec], fileName: file, assessQuality: false, background: request, keepReplacements: true)
                if let refusal = result.report.refusal ?? result.report.photos.first?.refusal {
                    cells.append("refused: \(refusal.code)")
                    continue
                }
                guard let record = result.replacements[spec], let jpeg = result.photos[spec] else { cells.append("—"); continue }
                if let out {
                    let stem = (file as NSString).deletingPathExtension + "-" + colourName
                    try Data(jpeg).write(to: URL(fileURLWithPath: out).appendingPathComponent(stem + ".jpg"))
                    let png = try PNGEncoder.encode(try ImageDecoder().decode(jpeg).image)
                    try Data(png).write(to: URL(fileURLWithPath: out).appendingPathComponent(stem + ".png"))
                }
                let outcome = record.outcome
                guard let matte = outcome.matte, let backdrop = outcome.report.backdrop.flatMap(RGBColor.init(hex:)) else {
                    cells.append(String(format: "kept (uniformity %@)", outcome.report.backdropUniformity.map { String(format: "%.1f", $0) } ?? "?"))
                    continue
                }
                if let out, colourName == "white" {
                    try Self.writeMatte(matte, to: URL(fileURLWithPath: out).appendingPathComponent((file as NSString).deletingPathExtension + "-alpha.png"))
                }
                let photo = try ImageDecoder().decode(jpeg).image
                let score = try MattingScore.measure(output: photo, crop: record.crop, matte: matte,
                                                     target: catalog.colour(named: colourName)!, backdrop: backdrop)
                let ms = ["segmentation", "matting", "refine", "composite"].compactMap { outcome.report.milliseconds?[$0] }.reduce(0, +)
                stageTimes.append(ms)
                if let cpu = outcome.report.cpuMilliseconds { cpuTimes.append(cpu) }
                within.append(score.backgroundWithinTolerance)
                spills[colourName, default: []].append(score.spill)
                if worst == nil || score.spill > worst!.spill { worst = ("\(file) on \(colourName)", score.spill) }
                if file == truth, colourName == "white" { truthRecord = record }
                // The crown the crop was placed by (the person mask of the master) against the crop matte's crown.
                if colourName == "white", let placed = result.report.photos.first?.measured?.crownRow,
                   let matted = matte.crownRow(axis: record.landmarks.faceCentre.x, halfWidth: 0.3 * record.landmarks.faceWidth) {
                    crownGaps.append((file, Double(matted) - placed))
                }
                cells.append(String(format: "%5.1f%% %5.1f%% %4.0f ms", 100 * score.backgroundWithinTolerance, 100 * score.spill, ms))
            }
            print(file.padding(toLength: 36, withPad: " ", startingAt: 0) + cells.map { $0.padding(toLength: 26, withPad: " ", startingAt: 0) }.joined())
        }
        if !within.isEmpty {
            print(String(format: "\n%d photos replaced; background within ΔE2000<3: median %.1f %%, lowest %.1f %%", within.count,
                         100 * Self.median(within), 100 * within.min()!))
            for colour in colours { if let s = spills[colour] { print(String(format: "spill on %@: median %.1f %%, highest %.1f %%", colour, 100 * Self.median(s), 100 * s.max()!)) } }
            if let worst { print(String(format: "worst spill: %@ (%.1f %%)", worst.name, 100 * worst.spill)) }
            print(String(format: "speed: segmentation + matting + composite of one %@ crop: median %.0f ms (min %.0f, max %.0f)", spec,
                         Self.median(stageTimes), stageTimes.min()!, stageTimes.max()!))
            if !cpuTimes.isEmpty {
                print(String(format: "        CPU time of the same (one core, whatever else runs): median %.0f ms (min %.0f, max %.0f)",
                             Self.median(cpuTimes), cpuTimes.min()!, cpuTimes.max()!))
            }
        }
        if !crownGaps.isEmpty {
            let gaps = crownGaps.map(\.gap)
            print(String(format: "crown row, crop matte minus person mask (px, + = crop matte lower): median %.1f, range %.1f to %.1f over %d portraits",
                         Self.median(gaps), gaps.min()!, gaps.max()!, gaps.count))
            for (file, gap) in crownGaps where abs(gap) > 3 { print(String(format: "  %@: %+.1f px", file, gap)) }
        }
        try synthetic(truthRecord, pipeline: pipeline)
        try realAlpha(files.filter { ($0 as NSString).pathExtension.lowercased() == "png" }, folder: folder, pipeline: pipeline)
    }

    /// The shared transparent PNGs: their own alpha is the truth (`RealAlphaTruth`).
    private func realAlpha(_ files: [String], folder: String, pipeline: PhotoPipeline) throws {
        let truth = RealAlphaTruth(pipeline: pipeline, out: out.map { URL(fileURLWithPath: $0) })
        for file in files {
            let bytes = try InputFile.read((folder as NSString).appendingPathComponent(file), limit: pipeline.decoder.limits.maxBytes)
            guard let rows = try truth.measure(bytes, backdrops: Self.syntheticBackdrops) else { continue }
            print("\nReal alpha truth: \(file), its own alpha; each face's head-and-shoulders window (the person mask's) matted on plain backdrops")
            print("face  backdrop   window px  SAD (α units)  SAD per 1000 px  MSE")
            for row in rows {
                let lead = String(format: "%4d  %@   %9d  ", row.face, row.backdrop, row.pixels)
                if let sad = row.sad, let mse = row.mse {
                    print(lead + String(format: "%13.1f  %15.2f  %.5f", sad, 1000 * sad / Double(row.pixels), mse))
                } else {
                    print(lead + "kept as shot: \(row.reason ?? "")")
                }
            }
            let sads = rows.compactMap { row in row.sad.map { 1000 * $0 / Double(row.pixels) } }
            if !sads.isEmpty {
                print(String(format: "%d of %d matted; SAD per 1000 px median %.2f, highest %.2f", sads.count, rows.count, Self.median(sads), sads.max()!))
            }
        }
    }

    /// The known person put onto plain backdrops and matted again.
    private func synthetic(_ record: PhotoPipeline.Replacement?, pipeline: PhotoPipeline) throws {
        guard let record, let alpha = record.outcome.matte, let foreground = try record.outcome.foreground() else {
            print("\nsynthetic truth: \(truth) was not matted (missing or kept as shot); skipped")
            return
        }
        print("\nSynthetic truth: the person matted from \(truth) (\(alpha.width)×\(alpha.height)) on plain backdrops, matted again")
        print("backdrop   SAD (α units)  SAD/1000   MSE        unknown px")
        for hex in Self.syntheticBackdrops {
            let colour = RGBColor(hex: hex)!
            let composite = try SyntheticComposite.make(foreground: foreground, alpha: alpha, onto: colour)
            let again = try pipeline.replacer.replace(composite, landmarks: record.landmarks, covered: record.covered, colour: .white, name: "white",
                                                      expectedCrownRow: record.expectedCrownRow)
            guard let recovered = again.matte else {
                print("\(hex)    kept as shot: \(again.report.reason ?? "")")
                continue
            }
            let error = recovered.error(against: alpha)
            if let out {
                try Data(try PNGEncoder.encode(composite)).write(to: URL(fileURLWithPath: out).appendingPathComponent("synthetic-\(hex.dropFirst()).png"))
                try Self.writeMatte(recovered, to: URL(fileURLWithPath: out).appendingPathComponent("synthetic-\(hex.dropFirst())-alpha.png"))
            }
            print(String(format: "%@    %9.1f      %6.3f    %.5f    %d", hex, error.sad, error.sad / 1000, error.mse, again.report.unknownPixels ?? 0))
        }
        if let out { try Self.writeMatte(alpha, to: URL(fileURLWithPath: out).appendingPathComponent("synthetic-truth-alpha.png")) }
    }

    static func writeMatte(_ matte: AlphaMatte, to url: URL) throws {
        let gray = try Image.blank(width: matte.width, height: matte.height, channels: 1)
        gray.withPixels { data, stride in
            for y in 0..<matte.height { for x in 0..<matte.width { data[y * stride + x] = UInt8((matte[x, y] * 255).rounded()) } }
        }
        try Data(try PNGEncoder.encode(gray)).write(to: url)
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
