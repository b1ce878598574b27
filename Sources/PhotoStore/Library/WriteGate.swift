/// Lets one write transaction run at a time. SQLite has a single writer, and a transaction
/// that reads before it writes cannot wait for another writer in WAL mode (SQLite answers
/// "database is locked" at once instead of calling the busy handler), so the library queues
/// its transactions itself there. PostgreSQL needs no gate.
public actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
