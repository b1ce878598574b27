import ArgumentParser
import Foundation
import PhotoServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the photo library server (SQLite and a blob folder under ./data by default).",
        discussion: """
        Settings also come from PHOTOONCE_PORT, PHOTOONCE_HOST, PHOTOONCE_DATA_DIR, DATABASE_URL, \
        PHOTOONCE_MASTER_KEY_FILE, PHOTOONCE_TOKEN_HOURS, PHOTOONCE_MASTER_RETENTION_DAYS, PHOTOONCE_DEV_IDENTITY=1, PHOTOONCE_TLS_CERT and PHOTOONCE_TLS_KEY (HTTPS), PHOTOONCE_SELF_CAPTURE_SITE, PHOTOONCE_CACHE_SECONDS, \
        PHOTOONCE_PHOTO_CACHE_MB and \
        PHOTOONCE_LOG_FORMAT=json (one JSON object per log line). A master key is generated on \
        first start (mode 0600). SIGINT or SIGTERM stops it gracefully.
        """)

    @Option(help: "Port to listen on (env PHOTOONCE_PORT; default 8080).") var port: Int?
    @Option(help: "Address to listen on (env PHOTOONCE_HOST; default 127.0.0.1).") var host: String?
    @Flag(help: "Seed the demo city (44 sites, devices, staff of each role, citizens) into an empty library and print the logins.")
    var demo = false
    @Flag(help: "Enable the development identity provider (citizens sign in by typing an identity number; for tests and demos only, never in production). --demo enables it too.")
    var devIdentity = false
    @Option(help: ArgumentHelp("PEM certificate chain: serve HTTPS (env PHOTOONCE_TLS_CERT). Browsers open the camera only on HTTPS or localhost.", valueName: "file"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("PEM private key of --tls-cert (env PHOTOONCE_TLS_KEY).", valueName: "file")) var tlsKey: String?
    @OptionGroup var library: LibraryOptions
    @OptionGroup var catalogOptions: CatalogOptions

    func run() async throws {
        var configuration = try library.configuration()
        if let port { configuration.port = port }
        if let host { configuration.hostname = host }
        configuration.demo = configuration.demo || demo
        configuration.devIdentity = configuration.devIdentity || devIdentity
        if tlsCert != nil || tlsKey != nil { (configuration.tlsCertificateFile, configuration.tlsKeyFile) = (tlsCert, tlsKey) }
        if !configuration.tlsProblems.isEmpty { throw ValidationError(configuration.tlsProblems.joined(separator: "; ")) }
        configuration.catalogFolder = catalogOptions.catalog ?? configuration.catalogFolder
        let environment = ProcessInfo.processInfo.environment
        let folders = [environment["PHOTOONCE_FIXTURES"] ?? ".fixtures", environment["PHOTOONCE_PORTRAITS"] ?? "../shared/testdata/portraits"]
            .map { URL(fileURLWithPath: $0, isDirectory: true) }
        try await PhotoServerMain.run(configuration, demoPortraitFolders: folders)
    }
}
