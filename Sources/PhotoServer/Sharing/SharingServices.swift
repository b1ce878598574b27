import PhotoStore
import Vapor

/// What the sharing routes keep for the life of the application: the key that hashes grant
/// codes and the limiter of failed redemptions.
struct SharingServices: Sendable {
    var codes: GrantCodes
    var limiter: AttemptLimiter

    init(masterKey: MasterKey, limiter: AttemptLimiter = AttemptLimiter()) {
        codes = GrantCodes(masterKey: masterKey)
        self.limiter = limiter
    }
}

extension Application {
    private struct SharingKey: StorageKey { typealias Value = SharingServices }

    var sharing: SharingServices {
        get { storage[SharingKey.self]! }
        set { storage[SharingKey.self] = newValue }
    }
}

/// Failed attempts to redeem a code, counted per user and per IP over a sliding window:
/// past the limit, further attempts are refused (429) until the oldest failure leaves the
/// window, so guessing codes is slower than their ten-minute life. Kept in memory: one node
/// serves a city, and a restart only forgives a few failures.
actor AttemptLimiter {
    let window: TimeInterval
    let perUser: Int
    let perIP: Int
    private var failures: [String: [Date]] = [:]

    init(window: TimeInterval = 15 * 60, perUser: Int = 10, perIP: Int = 30) {
        self.window = window
        self.perUser = perUser
        self.perIP = perIP
    }

    /// Seconds to wait before trying again, or nil when the attempt may go ahead.
    func retryAfter(user: String, ip: String?, now: Date = Date()) -> Int? {
        var waits: [TimeInterval] = []
        for (key, limit) in keys(user: user, ip: ip) {
            let recent = prune(key, now: now)
            if recent.count >= limit, let oldest = recent.first { waits.append(oldest.addingTimeInterval(window).timeIntervalSince(now)) }
        }
        return waits.max().map { max(1, Int($0.rounded(.up))) }
    }

    func recordFailure(user: String, ip: String?, now: Date = Date()) {
        for (key, _) in keys(user: user, ip: ip) { failures[key, default: []].append(now) }
    }

    private func keys(user: String, ip: String?) -> [(String, Int)] {
        [("user:" + user, perUser)] + (ip.map { [("ip:" + $0, perIP)] } ?? [])
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
