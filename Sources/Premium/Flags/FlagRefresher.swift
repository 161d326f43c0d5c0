/// Keeps a `FeatureFlags` current: reads the flags once, then polls the store's change marker
/// every `interval` (default 500 ms) on an injected clock, so a change made by any process (the
/// CLI, the guardrail, another shard) is in effect here within one interval (decision 0027: why
/// polling, not LISTEN/NOTIFY). It runs as a child task of its owner (the bot runtime, `serve`)
/// and ends when that task is cancelled.
public struct FlagRefresher: Sendable {
    public static let defaultInterval: Duration = .milliseconds(500)

    public let flags: FeatureFlags
    public let store: any PremiumStore
    public let interval: Duration
    public let clock: any Clock<Duration>
    /// Told about a failed poll (the database away): the last snapshot stays in effect.
    public let failure: @Sendable (any Error) -> Void

    public init(
        flags: FeatureFlags, store: any PremiumStore, interval: Duration = FlagRefresher.defaultInterval,
        clock: any Clock<Duration>, failure: @escaping @Sendable (any Error) -> Void = { _ in }
    ) {
        self.flags = flags
        self.store = store
        self.interval = interval
        self.clock = clock
        self.failure = failure
    }

    /// Runs until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await flags.refresh(from: store)
            } catch is CancellationError {
                return
            } catch {
                failure(error)
            }
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }
}
