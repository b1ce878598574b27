import PhotoKit
import PhotoStore
import Vapor

/// Typed access to what `configure` puts in the application's storage.
extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = ServerConfiguration }
    private struct ImagingKey: StorageKey { typealias Value = ImagingServices }
    private struct LibraryKey: StorageKey { typealias Value = PhotoLibrary }

    public var photoOnceConfiguration: ServerConfiguration {
        get { storage[ConfigurationKey.self]! }
        set { storage[ConfigurationKey.self] = newValue }
    }

    public var imaging: ImagingServices {
        get { storage[ImagingKey.self]! }
        set { storage[ImagingKey.self] = newValue }
    }

    public var library: PhotoLibrary {
        get { storage[LibraryKey.self]! }
        set { storage[LibraryKey.self] = newValue }
    }
}

extension Request {
    var imaging: ImagingServices { application.imaging }
    var library: PhotoLibrary { application.library }
}
