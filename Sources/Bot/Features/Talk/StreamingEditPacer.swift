import Synchronization

/// Paces the edits of a message whose text streams in, so a reply never hits Discord's REST rate
/// limits: at most one edit per `interval` (about one per second), and the final text is always
/// sent.
///
/// Partial text is offered as it grows; an offer goes out only when `interval` has passed since
/// the last edit (or since the pacer started, for the first one), otherwise it is dropped in
/// favour of a later, longer one. `finish` sends the final text, waiting on the clock until the
/// interval since the last edit has passed. Time is the injected clock's, so tests drive it.
final class StreamingEditPacer: Sendable {
    let interval: Duration
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void
    private let send: @Sendable (String) async throws -> Void
    private let state = Mutex(State())

    private struct State {
        var lastText: String?
        var lastEditAt: Duration?
        var edits = 0
    }

    init<C: Clock>(clock: C, interval: Duration = .seconds(1), send: @escaping @Sendable (String) async throws -> Void)
    where C.Duration == Duration {
        let origin = clock.now
        self.interval = interval
        self.elapsed = { origin.duration(to: clock.now) }
        self.sleeper = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
        self.send = send
    }

    /// How many edits went out so far.
    var edits: Int { state.withLock { $0.edits } }

    /// The text so far: sent if an edit is due, else skipped (a later offer or `finish` carries
    /// it). `text` is only rendered when an edit is due.
    func offer(_ text: () -> String) async throws {
        let now = elapsed()
        guard state.withLock({ now - ($0.lastEditAt ?? .zero) >= interval }) else { return }
        let rendered = text()
        let due = state.withLock { state -> Bool in
            guard state.lastText != rendered, now - (state.lastEditAt ?? .zero) >= interval else { return false }
            state.lastText = rendered
            state.lastEditAt = now
            state.edits += 1
            return true
        }
        if due { try await send(rendered) }
    }

    /// Sends the final text unless it is what the last edit showed, no sooner than `interval`
    /// after that edit. A reply that ends before any edit went out is sent at once.
    func finish(_ text: String) async throws {
        let (unchanged, lastEditAt) = state.withLock { ($0.lastText == text, $0.lastEditAt) }
        if unchanged { return }
        if let lastEditAt { try await sleeper(lastEditAt + interval) }
        let now = elapsed()
        state.withLock { state in
            state.lastText = text
            state.lastEditAt = now
            state.edits += 1
        }
        try await send(text)
    }
}
