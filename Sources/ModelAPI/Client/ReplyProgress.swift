import Synchronization
import Talk

/// What one call has received so far, shared between the streaming attempt and the call's
/// timeout: when the total timeout ends a stream that had begun, the text that arrived is kept.
final class ReplyProgress: Sendable {
    struct State {
        var text = ""
        var timeToFirstText: Duration?
        var model: String?
        var finishReason: String?
        var reportedUsage: ChatUsage?
        var sawDone = false
    }

    private let state = Mutex(State())

    var snapshot: State { state.withLock { $0 } }
    var hasText: Bool { state.withLock { !$0.text.isEmpty } }

    func append(_ piece: String, at elapsed: Duration) {
        state.withLock { state in
            if state.timeToFirstText == nil { state.timeToFirstText = elapsed }
            state.text += piece
        }
    }

    func update(_ body: (inout State) -> Void) {
        state.withLock { body(&$0) }
    }
}

/// Time since a call began, on the injected clock.
struct Stopwatch: Sendable {
    let elapsed: @Sendable () -> Duration

    init(_ clock: any Clock<Duration>) {
        elapsed = Self.measure(from: clock)
    }

    private static func measure<C: Clock>(from clock: C) -> @Sendable () -> Duration where C.Duration == Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }
}
