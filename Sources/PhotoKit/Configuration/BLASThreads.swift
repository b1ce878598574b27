import Foundation

/// dlib's networks (the CNN face detector and the face descriptor) multiply matrices with
/// the system BLAS, which on Debian is OpenBLAS: it starts a worker per core, and the
/// workers spin (`sched_yield`) while they wait for work. PhotoOnce runs each image on one
/// thread and gets its parallelism from concurrent requests, so on a busy server those
/// workers take CPU from the other images: a profile of ingest on 2 cores showed 9 % of the
/// samples in `sched_yield`, and with one BLAS thread ingest went from 2.8 to 3.0–3.1
/// captures/s (single-image timings unchanged). OpenBLAS reads its environment only when
/// it loads, so the count is set through its API, looked up at run time: another BLAS
/// chosen by Debian's alternatives simply has no such function and is left as it is.
enum BLASThreads {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32

    /// Set on first read, before any of the models that use BLAS is loaded.
    static let heldToOne: Bool = {
        guard let set = function("openblas_set_num_threads", as: SetThreads.self) else { return false }
        set(1)
        return true
    }()

    /// OpenBLAS's current thread count; nil when the BLAS in use is not OpenBLAS.
    static var current: Int? {
        function("openblas_get_num_threads", as: GetThreads.self).map { Int($0()) }
    }

    private static func function<F>(_ name: String, as type: F.Type) -> F? {
        guard let process = dlopen(nil, RTLD_NOW) else { return nil }
        // The BLAS is a dependency of the executable and stays loaded after this handle closes.
        defer { dlclose(process) }
        return dlsym(process, name).map { unsafeBitCast($0, to: type) }
    }
}
