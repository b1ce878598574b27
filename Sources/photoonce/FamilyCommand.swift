import ArgumentParser
import Foundation
import PhotoServer
import PhotoStore

struct FamilyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "family", abstract: "Family links for the family album.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import family links from a household-registry CSV file, all rows or none.",
            discussion: """
            UTF-8 CSV with a header row naming the columns (any order): kind (guardian: parent and \
            minor child, ends on the child's 18th birthday; relative: adults, active once the relative \
            approves in My Photos), person_type, person_number, person_name, relative_type, \
            relative_number, relative_name, relationship, household (the register number, kept as \
            evidence), child_birth_date (YYYY-MM-DD, only when the child's document has no birth date). \
            Types are resident-id, foreign-permanent-resident, hk-macao-resident, taiwan-resident, \
            passport. Names are needed only for people the library does not know yet. Every row is \
            checked first; bad rows are listed by line number and nothing is imported (exit status 3).
            """)

        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row against the library and import nothing.") var dryRun = false
        @OptionGroup var library: LibraryOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read \(file) as UTF-8 text")
            }
            let (name, dryRun) = ((file as NSString).lastPathComponent, dryRun)
            do {
                let (links, pending) = try await LibraryApplication.run(try library.configuration()) { app in
                    try await FamilyImport.run(app, csv: text, file: name, dryRun: dryRun)
                }
                print("\(file): \(links) family links imported (\(pending) waiting for the relative's approval)")
            } catch let dry as FamilyImport.DryRun {
                print("\(file): all rows valid; \(dry.links) family links would be imported (\(dry.pending) waiting for approval); nothing written (--dry-run)")
            } catch let problems as HouseholdRegistryImport.Problems {
                FileHandle.standardError.write(Data("\(file): nothing imported; fix these rows:\n\(problems.description)\n".utf8))
                throw ExitCode(3)
            }
        }
    }
}
