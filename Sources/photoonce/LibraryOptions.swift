import ArgumentParser
import Foundation
import PhotoServer

/// Where the library lives, for `serve` and every library command: flags over environment
/// variables over defaults (./data, SQLite).
struct LibraryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder for the SQLite file, blobs and master key (env PHOTOONCE_DATA_DIR; default ./data).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("postgres://user:password@host:port/database to use PostgreSQL (env DATABASE_URL; default SQLite in the data folder).", valueName: "url"))
    var databaseURL: String?

    func configuration() throws -> ServerConfiguration {
        var configuration = try ServerConfiguration.fromEnvironment()
        if let dataDir { configuration.dataDirectory = URL(fileURLWithPath: dataDir, isDirectory: true) }
        if let databaseURL { configuration.databaseURL = databaseURL }
        _ = try configuration.database
        return configuration
    }
}
