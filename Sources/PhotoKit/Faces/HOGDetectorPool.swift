import CVision
import Foundation

/// dlib's HOG face detectors, lent one per concurrent scan. A detector keeps its feature
/// pyramid as scratch, so two scans cannot share one; behind a single detector and a lock,
/// concurrent captures queued for detection. Kept by how many pyramid levels they scan
/// (`allLevels` or fewer), since dlib fixes that when a detector is made; each is copied
/// from a prototype that is decoded once and never lent.
final class HOGDetectorPool: @unchecked Sendable {
    static let allLevels: Int32 = 0
    private let prototype: OpaquePointer
    private let lock = NSLock()
    private var idle: [Int32: [OpaquePointer]] = [:]

    init() throws {
        var detector: OpaquePointer?
        try vision("create face detector", cvision_face_detector_create(&detector))
        prototype = detector!
    }

    deinit {
        idle.values.joined().forEach { cvision_face_detector_free($0) }
        cvision_face_detector_free(prototype)
    }

    func withDetector<T>(levels: Int32, _ body: (OpaquePointer) throws -> T) throws -> T {
        let detector = try borrow(levels: levels)
        defer {
            lock.lock()
            idle[levels, default: []].append(detector)
            lock.unlock()
        }
        return try body(detector)
    }

    private func borrow(levels: Int32) throws -> OpaquePointer {
        lock.lock()
        let lent = idle[levels]?.popLast()
        lock.unlock()
        if let lent { return lent }
        var detector: OpaquePointer?
        try vision("copy face detector", cvision_face_detector_copy(prototype, levels, &detector))
        return detector!
    }
}
