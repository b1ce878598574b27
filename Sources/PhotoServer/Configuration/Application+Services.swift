import Crypto
import PhotoKit
import PhotoStore
import Vapor

/// Typed access to what `configure` puts in the application's storage.
extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = ServerConfiguration }
    private struct ImagingKey: StorageKey { typealias Value = ImagingServices }
    private struct LibraryKey: StorageKey { typealias Value = PhotoLibrary }
    private struct StaffTokensKey: StorageKey { typealias Value = StaffTokenCache }
    private struct PhotoCacheKey: StorageKey { typealias Value = PhotoCache }
    /// The key's bytes: `SymmetricKey` itself is not `Sendable`.
    private struct CaptureLinkKey: StorageKey { typealias Value = Data }
    private struct AuditChainKey: StorageKey { typealias Value = AuditChain }
    private struct AuditJournalKey: StorageKey { typealias Value = AuditJournal }
    private struct ImagingWorkersKey: StorageKey { typealias Value = NIOThreadPool }

    public var photoOnceConfiguration: ServerConfiguration {
        get { storage[ConfigurationKey.self]! }
        set { storage[ConfigurationKey.self] = newValue }
    }

    public var imaging: ImagingServices {
        get { storage[ImagingKey.self]! }
        set { storage[ImagingKey.self] = newValue }
    }

    /// Threads for the imaging work (`ImagingWorkers`); Vapor's `threadPool` is left to
    /// blocking I/O and SQLite.
    var imagingWorkers: NIOThreadPool {
        get { storage[ImagingWorkersKey.self]! }
        set { storage[ImagingWorkersKey.self] = newValue }
    }

    public var library: PhotoLibrary {
        get { storage[LibraryKey.self]! }
        set { storage[LibraryKey.self] = newValue }
    }

    public var auditChain: AuditChain {
        get { storage[AuditChainKey.self]! }
        set { storage[AuditChainKey.self] = newValue }
    }

    /// Group-committed audit records of read accesses.
    public var auditJournal: AuditJournal {
        get { storage[AuditJournalKey.self]! }
        set { storage[AuditJournalKey.self] = newValue }
    }

    /// Tokens recently found live (`StaffAuthenticator`).
    var staffTokens: StaffTokenCache {
        get { storage[StaffTokensKey.self]! }
        set { storage[StaffTokensKey.self] = newValue }
    }

    /// Photo rows and decrypted bytes recently served (`PhotosController`).
    var photoCache: PhotoCache {
        get { storage[PhotoCacheKey.self]! }
        set { storage[PhotoCacheKey.self] = newValue }
    }

    /// Signs and checks phone capture links (`CaptureLink`).
    var captureLinkKey: SymmetricKey {
        get { SymmetricKey(data: storage[CaptureLinkKey.self]!) }
        set { storage[CaptureLinkKey.self] = newValue.withUnsafeBytes { Data($0) } }
    }
}

extension Request {
    var imaging: ImagingServices { application.imaging }
    var library: PhotoLibrary { application.library }
}
