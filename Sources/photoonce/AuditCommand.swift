import ArgumentParser
import Foundation
import PhotoServer
import PhotoStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Work with the tamper-evident audit log.",
                                                    subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the audit chain from its first record and report the first one that does not hold.",
            discussion: "Exit status 0 when the chain is intact, 4 at the first altered, missing or re-ordered record.")
        @Flag(help: "Print the result as JSON.") var json = false
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            let result = try await LibraryApplication.run(try library.configuration()) { app in
                try await app.auditChain.verify(on: app.db)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else if result.intact {
                print("audit chain intact: \(result.checked) records checked")
            } else {
                print("audit chain broken at record \(result.firstBroken ?? 0): \(result.reason ?? "") (\(result.checked) records before it hold)")
            }
            if !result.intact { throw ExitCode(4) }
        }
    }
}
