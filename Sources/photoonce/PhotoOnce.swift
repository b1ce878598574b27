import ArgumentParser
import Foundation
import PhotoKit

@main
struct PhotoOnce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photoonce",
        abstract: "Take the photo once, use it everywhere: standard ID photos from one master portrait.",
        subcommands: [ProcessCommand.self, CheckCommand.self, SheetCommand.self, CompareCommand.self, EvalCommand.self, EvalMattingCommand.self, SpecsCommand.self, BenchCommand.self,
                      ServeCommand.self, MigrateCommand.self, SitesCommand.self, DevicesCommand.self, StaffCommand.self, DepartmentsCommand.self, MattersCommand.self,
                      FsckCommand.self, PurgeCommand.self, AuditCommand.self, FamilyCommand.self])

    /// Exit codes: 0 done, 2 usage error, 3 an input refused, 1 anything else.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            if code == .failure, !(error is ExitCode) {
                FileHandle.standardError.write(Data("photoonce: \(error)\n".utf8))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that reads the catalog shares.
struct CatalogOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder with catalog.json and specs/*.json (default: the built-in catalog; env PHOTOONCE_CATALOG).", valueName: "dir"))
    var catalog: String?

    func load() throws -> SpecCatalog {
        if let folder = catalog ?? ProcessInfo.processInfo.environment["PHOTOONCE_CATALOG"], !folder.isEmpty {
            return try SpecCatalog.load(from: URL(fileURLWithPath: folder))
        }
        return try SpecCatalog.bundled()
    }

    /// The `--spec` codes asked for (the capture set when none), all known to `catalog`.
    static func specCodes(_ asked: [String], in catalog: SpecCatalog) throws -> [String] {
        let codes = asked.isEmpty ? SpecCatalog.captureSet : asked
        if let unknown = codes.first(where: { catalog.spec($0) == nil }) {
            throw ValidationError("unknown spec \"\(unknown)\"; `photoonce specs` lists them")
        }
        return codes
    }
}

/// The `--background` option of `process` and `sheet`.
struct BackgroundOption: ParsableArguments {
    @Option(help: ArgumentHelp("Background colour: a catalog name (white, blue, red, light-blue, …) or #RRGGBB; only trade sizes (one-inch, two-inch, …) take a colour their spec does not list.", valueName: "colour"))
    var background: String?

    /// The request, checked against every spec asked for before anything is processed: an
    /// unknown colour, or one an official spec does not allow, is a usage error (exit 2).
    func request(for codes: [String], in catalog: SpecCatalog) throws -> BackgroundRequest? {
        guard let background else { return nil }
        let request: BackgroundRequest
        do { request = try BackgroundRequest(background, catalog: catalog) } catch { throw ValidationError(error.description) }
        for code in codes {
            guard let spec = catalog.spec(code), !spec.isMaster else { continue }
            do { _ = try BackgroundRequest.resolve(request, for: spec, catalog: catalog) } catch { throw ValidationError(error.description) }
        }
        return request
    }
}

extension FileHandle {
    static func printError(_ line: String) {
        standardError.write(Data((line + "\n").utf8))
    }
}
