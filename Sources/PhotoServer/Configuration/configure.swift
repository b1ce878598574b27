import Crypto
import Fluent
import NIOSSL
import FluentPostgresDriver
import FluentSQLiteDriver
import PhotoKit
import PhotoStore
import Vapor

/// Wires a Vapor application to its library: configuration, master key, blob store,
/// database (migrated), password hashing, error handling and routes. The server, the
/// library commands and the tests all build the application through here.
/// `imaging` (the loaded models) is needed by the routes; library commands pass nil and
/// `routes: false`.
public func configure(_ app: Application, configuration: ServerConfiguration, imaging: ImagingServices?, routes: Bool = true) async throws {
    app.photoOnceConfiguration = configuration
    if let imaging {
        app.imaging = imaging
        ImagingWorkers.start(in: app)
    }
    try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
    let masterKey = try MasterKey.loadOrCreate(at: configuration.resolvedMasterKeyFile)
    let sealer = BlobSealer(masterKey: masterKey)
    let singleWriter = if case .sqlite = try configuration.database { true } else { false }
    app.captureLinkKey = masterKey.derive("capture-links")
    app.library = PhotoLibrary(blobs: try FileBlobStore(root: configuration.blobDirectory, sealer: sealer), sealer: sealer,
                               identities: IdentityProtector(masterKey: masterKey), singleWriter: singleWriter)
    app.auditChain = AuditChain(masterKey: masterKey)
    app.sharing = SharingServices(masterKey: masterKey)

    switch try configuration.database {
    case let .sqlite(path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case let .postgres(url):
        app.databases.use(try .postgres(url: url, sqlLogLevel: .debug), as: .psql)
    }
    let staffTokens = StaffTokenCache(lifetime: configuration.cacheSeconds)
    app.staffTokens = staffTokens
    app.photoCache = PhotoCache(rowLifetime: configuration.cacheSeconds, capacity: configuration.photoCacheBytes)
    app.databases.middleware.use(StaffChangeListener(cache: staffTokens))
    app.databases.middleware.use(StaffTokenChangeListener(cache: staffTokens))
    if case .sqlite = try configuration.database, let sql = app.db as? any SQLDatabase {
        // WAL lets readers go on while a capture commits; synchronous=FULL keeps commits durable.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
    app.migrations.add(LibraryMigrations.all)
    try await app.autoMigrate()
    try await AuditJournalLifecycle.start(in: app, masterKey: masterKey)

    app.passwords.use(.bcrypt)
    app.http.server.configuration.hostname = configuration.hostname
    app.http.server.configuration.port = configuration.port
    if let certificate = configuration.tlsCertificateFile, let key = configuration.tlsKeyFile {
        do {
            app.http.server.configuration.tlsConfiguration = .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        } catch {
            throw ConfigurationError.invalid(["TLS: \(certificate) and \(key) must be a PEM certificate chain and its private key (\(error))"])
        }
    }
    var json = ContentConfiguration.global
    json.use(encoder: APIJSON.encoder, for: .json)
    json.use(decoder: APIJSON.decoder, for: .json)
    ContentConfiguration.global = json
    guard routes else { return }
    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(APIErrorMiddleware())
    try registerRoutes(app, configuration: configuration)
}

func registerRoutes(_ app: Application, configuration: ServerConfiguration) throws {
    app.get("healthz", use: HealthCheck.respond)
    app.get("openapi.yaml", use: OpenAPIDocument.respond)
    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    try api.register(collection: LoginController())
    try api.register(collection: CapturesController(maxUploadBytes: configuration.maxUploadBytes))
    try api.register(collection: PersonsController())
    try api.register(collection: PhotosController())
    try api.register(collection: SitesController())
    try api.register(collection: CaptureLogsController())
    try api.register(collection: ComponentsController(maxUploadBytes: configuration.maxUploadBytes))
    try api.register(collection: SpecsController())
    try api.register(collection: CaptureLinksController(maxUploadBytes: configuration.maxUploadBytes))
    try api.register(collection: SelfCaptureController(maxUploadBytes: configuration.maxUploadBytes, siteCode: configuration.selfCaptureSiteCode))
    try api.register(collection: AuditController())
    try api.register(collection: MyPhotosController())
    try api.register(collection: FamilyLinksController())
    try api.register(collection: SharingController())
    try app.register(collection: DevIdentityController(enabled: configuration.devIdentityEnabled))
    try app.register(collection: PagesController())
    try app.register(collection: OpenIDConnectController(settings: configuration.openIDConnect))
    try app.register(collection: MePagesController())
    try app.register(collection: SharePagesController())
}
