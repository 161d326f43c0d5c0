/// An append-only log with "take the first unconsumed match, or wait for one" semantics,
/// so tests await what they expect instead of polling.
struct RecordLog<Value: Sendable> {
    struct Waiter {
        var id: UInt64
        var predicate: @Sendable (Value) -> Bool
        var continuation: CheckedContinuation<Value, any Error>
    }

    private(set) var items: [Value] = []
    /// Indices of the values not consumed yet, ascending: `take` scans only these, so a harness
    /// that consumes what it waits for pays for what is outstanding, not for the whole log.
    private var unconsumed: [Int] = []
    private var waiters: [Waiter] = []

    var count: Int { items.count }

    /// Appends and hands the value to the first waiter that wants it (which consumes it).
    mutating func append(_ value: Value) {
        let index = items.count
        items.append(value)
        if let w = waiters.firstIndex(where: { $0.predicate(value) }) {
            let waiter = waiters.remove(at: w)
            waiter.continuation.resume(returning: value)
        } else {
            unconsumed.append(index)
        }
    }

    /// The earliest unconsumed value matching `predicate`, consumed.
    mutating func take(where predicate: (Value) -> Bool) -> Value? {
        guard let k = unconsumed.firstIndex(where: { predicate(items[$0]) }) else { return nil }
        return items[unconsumed.remove(at: k)]
    }

    /// The earliest value matching `predicate`, consumed or not.
    func first(where predicate: (Value) -> Bool) -> Value? {
        items.first(where: predicate)
    }

    mutating func addWaiter(_ waiter: Waiter) { waiters.append(waiter) }

    mutating func removeWaiter(id: UInt64) -> Waiter? {
        guard let i = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: i)
    }

    mutating func failAllWaiters(_ error: any Error) {
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
        waiters.removeAll()
    }
}

/// A one-shot wait for a condition on the sandbox state.
struct ConditionWaiter<State> {
    var id: UInt64
    var condition: (State) -> Bool
    var continuation: CheckedContinuation<Void, any Error>
}

/// Races `body` against a wall-clock timeout that only exists to fail a hung test.
func withSandboxTimeout<T: Sendable>(
    _ timeout: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw SandboxError.timedOut(what)
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw SandboxError.timedOut(what) }
        return result
    }
}
