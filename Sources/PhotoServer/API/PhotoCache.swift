import Foundation
import NIOCore
import PhotoStore
import Synchronization

/// What `GET /api/v1/photos/{id}` needs in memory so a photo viewed again costs neither a
/// database read nor a decryption: the photo's row (briefly) and its decrypted bytes.
///
/// Bytes are keyed by blob address: a blob is named by its content and never changes, so
/// they stay until pushed out by newer ones (least recently used first, `capacity` bytes in
/// all). Rows are trusted for `rowLifetime` seconds only, because `photoonce purge` deletes
/// masters from another process; a purged master is thus served for at most that long.
final class PhotoCache: Sendable {
    /// The columns of a photo row that serving it needs.
    struct Row: Sendable {
        var sha256: String
        var blob: BlobAddress?
        var spec: String
        /// Whose photo: every view is audited against the person.
        var personID: UUID
    }

    private struct RememberedRow {
        var row: Row
        var trustedUntil: Date
    }

    let rowLifetime: TimeInterval
    /// Beyond this many rows the row cache starts again empty.
    let rowCapacity: Int
    private let rows = Mutex<[UUID: RememberedRow]>([:])
    private let bytes: Mutex<LeastRecentlyUsed<BlobAddress, ByteBuffer>>

    init(rowLifetime: TimeInterval, capacity: Int, rowCapacity: Int = 100_000) {
        self.rowLifetime = rowLifetime
        self.rowCapacity = rowCapacity
        bytes = Mutex(LeastRecentlyUsed(capacity: capacity))
    }

    func row(_ id: UUID, now: Date = Date()) -> Row? {
        rows.withLock { rows in
            guard let remembered = rows[id] else { return nil }
            guard remembered.trustedUntil > now else {
                rows[id] = nil
                return nil
            }
            return remembered.row
        }
    }

    func remember(_ row: Row, for id: UUID, now: Date = Date()) {
        guard rowLifetime > 0 else { return }
        rows.withLock { rows in
            if rows.count >= rowCapacity { rows.removeAll(keepingCapacity: true) }
            rows[id] = RememberedRow(row: row, trustedUntil: now.addingTimeInterval(rowLifetime))
        }
    }

    func bytes(at address: BlobAddress) -> ByteBuffer? {
        bytes.withLock { $0.value(for: address) }
    }

    func remember(_ buffer: ByteBuffer, at address: BlobAddress) {
        bytes.withLock { $0.insert(buffer, for: address, cost: buffer.readableBytes) }
    }

    /// Bytes held now (for tests and figures).
    var heldBytes: Int { bytes.withLock { $0.cost } }
}

/// A bounded map that forgets its least recently used entries first once the costs of its
/// values pass `capacity`. Slots live in one array linked by index (no allocation per hit).
struct LeastRecentlyUsed<Key: Hashable, Value> {
    private struct Slot {
        var key: Key
        var value: Value
        var cost: Int
        var newer = -1
        var older = -1
    }

    let capacity: Int
    private(set) var cost = 0
    private var slots: [Slot?] = []
    private var freeSlots: [Int] = []
    private var index: [Key: Int] = [:]
    private var newest = -1
    private var oldest = -1

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { index.count }

    mutating func value(for key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        unlink(slot)
        linkAsNewest(slot)
        return slots[slot]!.value
    }

    /// Stores `value`, forgetting the least recently used entries to make room; a value
    /// costing more than the whole capacity is not stored.
    mutating func insert(_ value: Value, for key: Key, cost: Int) {
        if let slot = index[key] { remove(slot) }
        guard cost <= capacity else { return }
        while self.cost + cost > capacity, oldest >= 0 { remove(oldest) }
        let entry = Slot(key: key, value: value, cost: cost)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = entry
        } else {
            slot = slots.count
            slots.append(entry)
        }
        index[key] = slot
        self.cost += cost
        linkAsNewest(slot)
    }

    mutating func removeValue(for key: Key) {
        if let slot = index[key] { remove(slot) }
    }

    private mutating func remove(_ slot: Int) {
        unlink(slot)
        let entry = slots[slot]!
        index[entry.key] = nil
        cost -= entry.cost
        slots[slot] = nil
        freeSlots.append(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let (newer, older) = (slots[slot]!.newer, slots[slot]!.older)
        if newer >= 0 { slots[newer]!.older = older } else { newest = older }
        if older >= 0 { slots[older]!.newer = newer } else { oldest = newer }
        slots[slot]!.newer = -1
        slots[slot]!.older = -1
    }

    private mutating func linkAsNewest(_ slot: Int) {
        slots[slot]!.older = newest
        if newest >= 0 { slots[newest]!.newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }
}
