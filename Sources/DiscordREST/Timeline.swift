/// An injected clock seen as offsets from the moment the client was made, so rate-limit state
/// can store plain `Duration`s whatever the clock's instant type.
struct Timeline: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
    }

    /// Time since the origin.
    var now: Duration { elapsed() }

    /// Sleeps until the given offset from the origin (returns at once if it has passed).
    func sleep(until offset: Duration) async throws {
        try await sleeper(offset)
    }

    func sleep(for duration: Duration) async throws {
        try await sleeper(now + duration)
    }
}
