import ArgumentParser
import Foundation
import PhotoKit

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Are two portraits the same person? Prints the face-descriptor distance and the verdict.",
        discussion: """
        Distance between dlib ResNet descriptors; below \(IdentityComparison.threshold) is the same person \
        (dlib's operating point for this model). Exit status: 0 when both faces were compared (whatever \
        the verdict), 3 when an input was refused, 2 for usage errors.
        """)

    @Argument(help: "First portrait.") var first: String
    @Argument(help: "Second portrait.") var second: String
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let pipeline = PhotoPipeline(catalog: try catalogOptions.load(), analyzer: try FaceAnalyzer())
        let encoder = try FaceEncoder()
        var descriptors: [FaceDescriptor] = []
        for path in [first, second] {
            let bytes = try InputFile.read(path, limit: pipeline.decoder.limits.maxBytes)
            switch try pipeline.findFace(in: bytes) {
            case let .failure(refusal):
                FileHandle.printError("\(path): \(refusal.description)")
                throw ExitCode(3)
            case let .success(face):
                descriptors.append(try encoder.descriptor(of: face.decoded.image, box: face.box, landmarks: face.landmarks))
            }
        }
        let comparison = IdentityComparison(descriptors[0], descriptors[1])
        if json {
            print(String(decoding: try ReportWriter.encoder.encode(comparison), as: UTF8.self))
        } else {
            let verdict = comparison.samePerson ? "same person" : "different people"
            print(String(format: "distance %.4f (threshold %.2f): %@", comparison.distance, comparison.threshold, verdict))
        }
    }
}
