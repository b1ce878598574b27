import Foundation

/// Everything the server and the library commands are configured with, read once at start:
/// command-line flags first, then environment variables, then defaults that work on a fresh
/// machine (SQLite file, blob folder and master key under ./data).
public struct ServerConfiguration: Sendable {
    public var hostname = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = URL(fileURLWithPath: "data", isDirectory: true)
    /// `postgres://user:pass@host:port/db` for PostgreSQL; nil (or `sqlite://PATH`) for SQLite.
    public var databaseURL: String?
    public var masterKeyFile: URL?
    public var demo = false
    /// The development identity provider (`POST /dev/identity/login`): on with `--demo` or
    /// `--dev-identity`, never otherwise.
    public var devIdentity = false
    public var devIdentityEnabled: Bool { demo || devIdentity }
    /// The government identity platform (OpenID Connect); nil: citizens cannot sign in through it.
    public var openIDConnect: OpenIDConnectSettings?
    /// How long a citizen stays signed in.
    public var citizenTokenLifetime: TimeInterval = 2 * 3600
    /// The site (kind `online`) citizens' phone self-captures are filed under.
    public var selfCaptureSiteCode = "ONLINE"
    public var tokenLifetime: TimeInterval = 8 * 3600
    /// How long (seconds) the server trusts a token it found live, or a photo row it read,
    /// without asking the database again. Changes made through this server take effect at
    /// once; changes made elsewhere (another node, `photoonce` commands) within this time.
    /// 0 asks the database every time.
    public var cacheSeconds: TimeInterval = 5
    /// Decrypted photo bytes kept in memory for downloads (least recently used go first).
    public var photoCacheBytes = 64 * 1024 * 1024
    /// How long masters are kept (days) before `photoonce purge` deletes them.
    public var masterRetentionDays = 5 * 365
    /// Largest upload accepted, in bytes (the image limit plus room for the form around it).
    public var maxUploadBytes = 48 * 1024 * 1024
    /// PEM certificate chain and private key: serve HTTPS. Browsers give pages the camera
    /// only on HTTPS (or localhost), so stations and phones on the network need it, here or
    /// at a proxy in front.
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    public var scheme: String { tlsCertificateFile == nil ? "http" : "https" }
    /// Folder with catalog.json and specs/; nil for the built-in catalog.
    public var catalogFolder: String?
    /// How long (milliseconds) recorded accesses may wait in the audit spool, durable on
    /// disk, before they are chained into the database; searches of the log drain it first.
    public var auditDrainMilliseconds = 200

    public init() {}

    public var databaseFile: URL { dataDirectory.appendingPathComponent("photoonce.sqlite") }
    public var blobDirectory: URL { dataDirectory.appendingPathComponent("blobs", isDirectory: true) }
    public var auditSpoolDirectory: URL { dataDirectory.appendingPathComponent("audit-spool", isDirectory: true) }
    public var resolvedMasterKeyFile: URL { masterKeyFile ?? dataDirectory.appendingPathComponent("master.key") }

    /// Certificate and key come together, and both must be readable files.
    public var tlsProblems: [String] {
        switch (tlsCertificateFile, tlsKeyFile) {
        case (nil, nil): return []
        case (nil, _?): return ["PHOTOONCE_TLS_KEY (--tls-key) needs PHOTOONCE_TLS_CERT (--tls-cert) too"]
        case (_?, nil): return ["PHOTOONCE_TLS_CERT (--tls-cert) needs PHOTOONCE_TLS_KEY (--tls-key) too"]
        case let (cert?, key?):
            return [cert, key].filter { !FileManager.default.isReadableFile(atPath: $0) }.map { "\($0) is not a readable file" }
        }
    }

    public enum Database: Equatable, Sendable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: Database {
        get throws(ConfigurationError) {
            guard let url = databaseURL, !url.isEmpty else { return .sqlite(path: databaseFile.path) }
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") { return .postgres(url: url) }
            if url.hasPrefix("sqlite://") { return .sqlite(path: String(url.dropFirst("sqlite://".count))) }
            throw .invalid(["DATABASE_URL must start with postgres://, postgresql:// or sqlite:// (got \(url.prefix(12))…)"])
        }
    }

    /// Applies the environment's settings; every malformed value is listed in one error.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        var problems: [String] = []
        func integer(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard let text = environment[key], !text.isEmpty else { return nil }
            guard let value = Int(text), range.contains(value) else {
                problems.append("\(key)=\(text) is not a whole number in \(range.lowerBound)…\(range.upperBound)")
                return nil
            }
            return value
        }
        if let port = integer("PHOTOONCE_PORT", 1...65535) { configuration.port = port }
        if let host = environment["PHOTOONCE_HOST"], !host.isEmpty { configuration.hostname = host }
        if let dir = environment["PHOTOONCE_DATA_DIR"], !dir.isEmpty { configuration.dataDirectory = URL(fileURLWithPath: dir, isDirectory: true) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
        if let key = environment["PHOTOONCE_MASTER_KEY_FILE"], !key.isEmpty { configuration.masterKeyFile = URL(fileURLWithPath: key) }
        if let days = integer("PHOTOONCE_MASTER_RETENTION_DAYS", 1...36_500) { configuration.masterRetentionDays = days }
        if let hours = integer("PHOTOONCE_TOKEN_HOURS", 1...720) { configuration.tokenLifetime = Double(hours) * 3600 }
        if let cert = environment["PHOTOONCE_TLS_CERT"], !cert.isEmpty { configuration.tlsCertificateFile = cert }
        if let key = environment["PHOTOONCE_TLS_KEY"], !key.isEmpty { configuration.tlsKeyFile = key }
        if let site = environment["PHOTOONCE_SELF_CAPTURE_SITE"], !site.isEmpty { configuration.selfCaptureSiteCode = site }
        if let seconds = integer("PHOTOONCE_CACHE_SECONDS", 0...300) { configuration.cacheSeconds = Double(seconds) }
        if let megabytes = integer("PHOTOONCE_PHOTO_CACHE_MB", 0...65_536) { configuration.photoCacheBytes = megabytes * 1024 * 1024 }
        if let milliseconds = integer("PHOTOONCE_AUDIT_DRAIN_MS", 0...3_600_000) { configuration.auditDrainMilliseconds = milliseconds }
        if let catalog = environment["PHOTOONCE_CATALOG"], !catalog.isEmpty { configuration.catalogFolder = catalog }
        if ["1", "true", "yes"].contains(environment["PHOTOONCE_DEMO"]?.lowercased() ?? "") { configuration.demo = true }
        if ["1", "true", "yes"].contains(environment["PHOTOONCE_DEV_IDENTITY"]?.lowercased() ?? "") { configuration.devIdentity = true }
        configuration.openIDConnect = OpenIDConnectSettings.fromEnvironment(environment, problems: &problems)
        do { _ = try configuration.database } catch { problems += error.problems }
        problems += configuration.tlsProblems
        if !problems.isEmpty { throw .invalid(problems) }
        return configuration
    }
}

public enum ConfigurationError: Error, CustomStringConvertible {
    case invalid([String])

    public var problems: [String] {
        switch self { case let .invalid(problems): problems }
    }

    public var description: String { "configuration: " + problems.joined(separator: "; ") }
}
