import ArgumentParser
import Foundation
import PhotoServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the photo library server (SQLite and a blob folder under ./data by default).",
        discussion: """
        Settings also come from PHOTOONCE_PORT, PHOTOONCE_HOST, PHOTOONCE_DATA_DIR, DATABASE_URL, \
        PHOTOONCE_MASTER_KEY_FILE, PHOTOONCE_TOKEN_HOURS, PHOTOONCE_MASTER_RETENTION_DAYS, PHOTOONCE_CACHE_SECONDS, \
        PHOTOONCE_PHOTO_CACHE_MB and \
        PHOTOONCE_LOG_FORMAT=json (one JSON object per log line). A master key is generated on \
        first start (mode 0600). SIGINT or SIGTERM stops it gracefully.
        """)

    @Option(help: "Port to listen on (env PHOTOONCE_PORT; default 8080).") var port: Int?
    @Option(help: "Address to listen on (env PHOTOONCE_HOST; default 127.0.0.1).") var host: String?
    @Flag(help: "Seed the demo city (44 sites, devices, staff of each role, citizens) into an empty library and print the logins.")
    var demo = false
    @OptionGroup var library: LibraryOptions
    @OptionGroup var catalogOptions: CatalogOptions

    func run() async throws {
        var configuration = try library.configuration()
        if let port { configuration.port = port }
        if let host { configuration.hostname = host }
        configuration.demo = configuration.demo || demo
        configuration.catalogFolder = catalogOptions.catalog ?? configuration.catalogFolder
        let environment = ProcessInfo.processInfo.environment
        let folders = [environment["PHOTOONCE_FIXTURES"] ?? ".fixtures", environment["PHOTOONCE_PORTRAITS"] ?? "../shared/testdata/portraits"]
            .map { URL(fileURLWithPath: $0, isDirectory: true) }
        try await PhotoServerMain.run(configuration, demoPortraitFolders: folders)
    }
}
