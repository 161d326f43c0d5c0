import DequeModule
import Synchronization

/// A fixed set of connections handed to one async transaction at a time each, first come first
/// served. The holder may suspend between statements (store bodies are async) while later callers
/// wait their turn without blocking a thread. Taking a free connection costs one mutex lock.
final class ConnectionPool<Connection: Sendable>: Sendable {
    private struct State {
        var free: [Connection]
        var waiters: Deque<UnsafeContinuation<Connection, Never>> = []
    }

    private let state: Mutex<State>

    init(_ connections: [Connection]) {
        precondition(!connections.isEmpty, "a pool needs a connection")
        state = Mutex(State(free: connections))
    }

    /// Runs `body` with a connection of its own, returned to the pool however `body` ends.
    func withConnection<T>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = await acquire()
        defer { release(connection) }
        return try await body(connection)
    }

    private func acquire() async -> Connection {
        if let connection = state.withLock({ $0.free.popLast() }) { return connection }
        return await withUnsafeContinuation { (continuation: UnsafeContinuation<Connection, Never>) in
            let connection = state.withLock { state -> Connection? in
                if let connection = state.free.popLast() { return connection }
                state.waiters.append(continuation)
                return nil
            }
            if let connection { continuation.resume(returning: connection) }
        }
    }

    private func release(_ connection: Connection) {
        let waiter = state.withLock { state -> UnsafeContinuation<Connection, Never>? in
            if let waiter = state.waiters.popFirst() { return waiter }  // handed over directly
            state.free.append(connection)
            return nil
        }
        waiter?.resume(returning: connection)
    }
}
