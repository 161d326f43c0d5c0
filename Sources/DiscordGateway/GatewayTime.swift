/// An injected `any Clock<Duration>` seen as offsets from an origin, so pure state machines can
/// take "now" as a plain `Duration` and the driver can sleep until such an offset.
/// Production: `ContinuousClock()`; tests: `Clocks.ManualClock`.
struct GatewayTime: Sendable {
    private let readNow: @Sendable () -> Duration
    private let sleepUntil: @Sendable (Duration) async throws -> Void

    init(_ clock: any Clock<Duration>) {
        self = Self.make(clock)
    }

    private static func make<C: Clock<Duration>>(_ clock: C) -> GatewayTime {
        let origin = clock.now
        return GatewayTime(
            readNow: { origin.duration(to: clock.now) },
            sleepUntil: { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
        )
    }

    private init(readNow: @escaping @Sendable () -> Duration, sleepUntil: @escaping @Sendable (Duration) async throws -> Void) {
        self.readNow = readNow
        self.sleepUntil = sleepUntil
    }

    var now: Duration { readNow() }

    /// Sleeps until the offset `deadline`; returns at once (without touching the clock) if it has passed.
    func sleep(until deadline: Duration) async throws {
        if deadline <= now {
            try Task.checkCancellation()
            return
        }
        try await sleepUntil(deadline)
    }

    func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }
}
