import DequeModule
import Synchronization

/// A bounded set of recently seen ids: the gateway may deliver an event more than once (after a
/// resume, Discord replays what it thinks we missed), and each interaction must be answered once.
/// Keeps the newest `capacity` ids; older ones are long past their 15-minute token lifetime.
public final class RecentIDs<ID: Hashable & Sendable>: Sendable {
    private struct State {
        var members: Set<ID> = []
        var order: Deque<ID> = []
    }

    private let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) {
        precondition(capacity > 0, "RecentIDs needs room for at least one id")
        self.capacity = capacity
    }

    /// Records `id`; returns false when it was already recorded (a replay).
    public func insert(_ id: ID) -> Bool {
        state.withLock { state in
            guard state.members.insert(id).inserted else { return false }
            state.order.append(id)
            if state.order.count > capacity, let oldest = state.order.popFirst() {
                state.members.remove(oldest)
            }
            return true
        }
    }

    public var count: Int { state.withLock { $0.members.count } }
}
