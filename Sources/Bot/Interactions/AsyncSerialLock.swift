import DequeModule
import Synchronization

/// A FIFO lock for async code: the holder may suspend (a REST call) while others wait their turn.
/// The responder uses it so the deadline watchdog's deferral and the handler's answer never race.
/// Almost always free (the watchdog rarely fires): taking it then costs one lock of a mutex, no
/// continuation. A waiter's continuation is resumed exactly once, by the release that hands the
/// lock over, so an unsafe one does.
final class AsyncSerialLock: Sendable {
    private struct State {
        var locked = false
        var waiters: Deque<UnsafeContinuation<Void, Never>> = []
    }

    private let state = Mutex(State())

    func withLock<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let free = state.withLock { state -> Bool in
            guard !state.locked else { return false }
            state.locked = true
            return true
        }
        if free { return }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let acquired = state.withLock { state -> Bool in
                if state.locked {
                    state.waiters.append(continuation)
                    return false
                }
                state.locked = true
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            if let next = state.waiters.popFirst() { return next }  // stays locked, handed over
            state.locked = false
            return nil
        }
        next?.resume()
    }
}
