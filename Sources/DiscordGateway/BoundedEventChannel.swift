import DequeModule
import Synchronization

/// An ordered, bounded, multi-producer single-consumer async channel with back-pressure:
/// `send` suspends while `capacity` elements wait unread, so a slow consumer slows the shards'
/// socket reads instead of growing memory. No task per element.
///
/// Continuations are unsafe ones: every one is resumed exactly once, under the lock's hand-over
/// rules below, and the checked kind's extra allocation per suspension showed in the bot's
/// profile (an event per interaction passes through here).
public final class BoundedEventChannel<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = Never

    /// `send` after `finish`.
    public struct FinishedError: Error, Sendable {}

    private struct Producer {
        let id: UInt64
        let element: Element
        let continuation: UnsafeContinuation<Void, any Error>
    }

    private struct State {
        var buffer: Deque<Element> = []
        var producers: Deque<Producer> = []
        var consumer: (id: UInt64, continuation: UnsafeContinuation<Element?, Never>)?
        var finished = false
        var nextID: UInt64 = 0
        var cancelled: Set<UInt64> = []
    }

    private enum SendOutcome {
        case handOff(UnsafeContinuation<Element?, Never>)
        case done
        case fail(any Error)
        case parked
    }

    private enum FastOutcome {
        case done
        case handOff(UnsafeContinuation<Element?, Never>)
        case finished
        case slow
    }

    private enum NextOutcome {
        case element(Element, UnsafeContinuation<Void, any Error>?)
        case end
        case parked
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
    }

    /// Number of elements buffered and not yet read (for metrics and tests).
    public var bufferedCount: Int { state.withLock { $0.buffer.count } }

    /// Sends `element` if that needs no waiting: there is room in the buffer (and nobody parked
    /// ahead), or the consumer is waiting. Returns false, sending nothing, when `send` would
    /// suspend or throw. For producers that cannot suspend (an event loop), which take a slower
    /// path that can when this fails.
    public func trySend(_ element: Element) -> Bool {
        switch sendWithoutWaiting(element) {
        case .done: return true
        case .handOff(let consumer):
            consumer.resume(returning: element)
            return true
        case .finished, .slow: return false
        }
    }

    /// Sends `element`, suspending while the buffer is full. Throws `FinishedError` after
    /// `finish()` and `CancellationError` if the sending task is cancelled while waiting.
    public func send(_ element: Element) async throws {
        // Fast path, without suspending: room in the buffer (nobody parked ahead), or a consumer
        // waiting for exactly this element. A cancelled task takes the slow path, which throws.
        if !Task.isCancelled {
            switch sendWithoutWaiting(element) {
            case .done: return
            case .handOff(let consumer):
                consumer.resume(returning: element)
                return
            case .finished: throw FinishedError()
            case .slow: break
            }
        }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                let outcome: SendOutcome = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .fail(CancellationError()) }
                    if state.finished { return .fail(FinishedError()) }
                    if let consumer = state.consumer {
                        state.consumer = nil
                        return .handOff(consumer.continuation)
                    }
                    if state.buffer.count < capacity {
                        state.buffer.append(element)
                        return .done
                    }
                    state.producers.append(Producer(id: id, element: element, continuation: continuation))
                    return .parked
                }
                switch outcome {
                case .handOff(let consumer):
                    consumer.resume(returning: element)
                    continuation.resume()
                case .done: continuation.resume()
                case .fail(let error): continuation.resume(throwing: error)
                case .parked: break
                }
            }
        } onCancel: {
            let parked: Producer? = state.withLock { state in
                if let index = state.producers.firstIndex(where: { $0.id == id }) {
                    return state.producers.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            parked?.continuation.resume(throwing: CancellationError())
        }
        // A send that completed without parking leaves no trace in `cancelled`.
        _ = state.withLock { $0.cancelled.remove(id) }
    }

    private func sendWithoutWaiting(_ element: Element) -> FastOutcome {
        state.withLock { state in
            if state.finished { return .finished }
            guard state.producers.isEmpty else { return .slow }
            if let consumer = state.consumer {
                state.consumer = nil
                return .handOff(consumer.continuation)
            }
            guard state.buffer.count < capacity else { return .slow }
            state.buffer.append(element)
            return .done
        }
    }

    /// Ends the sequence after the elements already buffered; parked and later sends fail.
    public func finish() {
        let (consumer, producers): (UnsafeContinuation<Element?, Never>?, Deque<Producer>) = state.withLock { state in
            state.finished = true
            let producers = state.producers
            state.producers = []
            if state.buffer.isEmpty, let consumer = state.consumer {
                state.consumer = nil
                return (consumer.continuation, producers)
            }
            return (nil, producers)
        }
        consumer?.resume(returning: nil)
        for producer in producers { producer.continuation.resume(throwing: FinishedError()) }
    }

    fileprivate func next() async -> Element? {
        // Fast path, without suspending: an element waiting (the usual case while events arrive
        // faster than they are handled), or the end. A cancelled task takes the slow path, which
        // ends the sequence for it as before the fast path.
        if !Task.isCancelled {
            let immediate: NextOutcome = state.withLock { state in
                if let taken = Self.take(from: &state) { return taken }
                return state.finished ? .end : .parked
            }
            switch immediate {
            case .element(let element, let producer):
                producer?.resume()
                return element
            case .end: return nil
            case .parked: break  // nothing yet: wait below
            }
        }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Element?, Never>) in
                let outcome: NextOutcome = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .end }
                    if let taken = Self.take(from: &state) { return taken }
                    if state.finished { return .end }
                    state.consumer = (id, continuation)
                    return .parked
                }
                switch outcome {
                case .element(let element, let producer):
                    producer?.resume()
                    continuation.resume(returning: element)
                case .end: continuation.resume(returning: nil)
                case .parked: break
                }
            }
        } onCancel: {
            let consumer: UnsafeContinuation<Element?, Never>? = state.withLock { state in
                if let consumer = state.consumer, consumer.id == id {
                    state.consumer = nil
                    return consumer.continuation
                }
                state.cancelled.insert(id)
                return nil
            }
            consumer?.resume(returning: nil)
        }
    }

    /// The oldest element, if any, moving the first parked producer's element into the buffer
    /// (that producer is resumed by the caller, outside the lock).
    private static func take(from state: inout State) -> NextOutcome? {
        if let element = state.buffer.popFirst() {
            var unparked: UnsafeContinuation<Void, any Error>?
            if let producer = state.producers.popFirst() {
                state.buffer.append(producer.element)
                unparked = producer.continuation
            }
            return .element(element, unparked)
        }
        if let producer = state.producers.popFirst() {
            return .element(producer.element, producer.continuation)
        }
        return nil
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let channel: BoundedEventChannel<Element>

        public mutating func next() async -> Element? { await channel.next() }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(Never) -> Element? {
            await channel.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: self) }
}
