import ArgumentParser
import Foundation
import PhotoKit

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Time the pipeline stages (prints figures, asserts nothing).")

    func run() throws {}
}
