import NIOPosix
import Vapor

/// The threads that run the CPU-heavy imaging (the pipeline, renditions and sheets, QR
/// codes, watermarks), one per core, apart from Vapor's thread pool. That pool runs every
/// SQLite call and blob read; when it also ran the pipeline, each read queued behind the
/// captures in progress (0.6 s of a core each), so any page or API call that touched the
/// database waited for them.
enum ImagingWorkers {
    /// Starts the pool and stops it when the application shuts down (after the HTTP server,
    /// whose handler is registered later, has stopped taking requests).
    static func start(in app: Application) {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        app.imagingWorkers = pool
        app.lifecycle.use(Shutdown(pool: pool))
    }

    private struct Shutdown: LifecycleHandler {
        let pool: NIOThreadPool
        func shutdown(_ application: Application) { try? pool.syncShutdownGracefully() }
        func shutdownAsync(_ application: Application) async { try? await pool.shutdownGracefully() }
    }
}
