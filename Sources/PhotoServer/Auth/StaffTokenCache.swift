import FluentKit
import Foundation
import PhotoStore
import Synchronization

/// Bearer tokens this server has recently found live, so a burst of requests (a station
/// loading a citizen's photos) does not look the token up in the database every time.
///
/// An entry is trusted for `lifetime` seconds at most, and never past the token's own
/// expiry. Whatever this server changes is seen at once: saving or deleting a member of
/// staff forgets their tokens, deleting a token (sign-out) forgets it (`StaffChangeListener`,
/// and sign-out calls `forget(tokenHash:)` itself because a query delete bypasses model
/// middleware). Changes made elsewhere (another node, `photoonce` commands on the same
/// database) are seen within `lifetime`.
final class StaffTokenCache: Sendable {
    struct Entry {
        var principal: StaffPrincipal
        var trustedUntil: Date
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every invalidation: a lookup that began before one must not store
        /// what it read (it may be the row as it was before the change).
        var generation: UInt64 = 0
    }

    let lifetime: TimeInterval
    /// Beyond this many tokens the cache starts again empty (far more than a city's staff).
    let capacity: Int
    private let state = Mutex(State())

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The principal of a token hash if it was found live within `lifetime`.
    func principal(tokenHash: String, now: Date = Date()) -> StaffPrincipal? {
        state.withLock { state in
            guard let entry = state.entries[tokenHash] else { return nil }
            guard entry.trustedUntil > now else {
                state.entries[tokenHash] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Read before a database lookup and handed back to `remember`.
    var generation: UInt64 { state.withLock { $0.generation } }

    func remember(_ principal: StaffPrincipal, tokenHash: String, expiresAt: Date, lookedUpAt generation: UInt64, now: Date = Date()) {
        guard lifetime > 0 else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[tokenHash] = Entry(principal: principal, trustedUntil: min(expiresAt, now.addingTimeInterval(lifetime)))
        }
    }

    func forget(tokenHash: String) {
        state.withLock { state in
            state.generation &+= 1
            state.entries[tokenHash] = nil
        }
    }

    /// Forgets every token of one member of staff (deactivated, role or site changed, deleted).
    func forget(staffID: UUID) {
        state.withLock { state in
            state.generation &+= 1
            state.entries = state.entries.filter { $0.value.principal.id != staffID }
        }
    }
}

/// Tells the token cache about changes to staff and tokens made through this server's
/// database connections (the model API: `save`, `update`, `delete`).
struct StaffChangeListener: AsyncModelMiddleware {
    typealias Model = Staff
    let cache: StaffTokenCache

    func update(model: Staff, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        if let id = model.id { cache.forget(staffID: id) }
    }

    func delete(model: Staff, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        if let id = model.id { cache.forget(staffID: id) }
    }
}

struct StaffTokenChangeListener: AsyncModelMiddleware {
    typealias Model = StaffToken
    let cache: StaffTokenCache

    func update(model: StaffToken, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        cache.forget(tokenHash: model.tokenHash)
    }

    func delete(model: StaffToken, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        cache.forget(tokenHash: model.tokenHash)
    }
}
