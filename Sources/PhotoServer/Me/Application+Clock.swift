import Foundation
import Vapor

/// The time family links are judged at. Real time in the server; tests set it, so "the
/// child turns 18" is a step of the clock, not a sleep.
struct LibraryClock: Sendable {
    var now: @Sendable () -> Date = { Date() }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = LibraryClock }

    var clock: LibraryClock {
        get { storage[ClockKey.self] ?? LibraryClock() }
        set { storage[ClockKey.self] = newValue }
    }
}
