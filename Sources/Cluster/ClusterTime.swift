import Foundation

/// Milliseconds since the epoch as every process of the cluster sees them, and sleeping until
/// such a time. Leases and the identify window are compared in SQL against a time the caller
/// passes in (never the server's `now()`), so tests drive every process from one `ManualClock`
/// and never sleep; in production the processes' clocks must agree (NTP) within a small part of
/// the 5 s window (decision 0031).
public struct ClusterTime: Sendable {
    private let readNow: @Sendable () -> Int64
    private let sleepFor: @Sendable (Duration) async throws -> Void

    /// `clock` measures elapsed time from `epochMilliseconds`, which is what `now` is at creation.
    public init<C: Clock<Duration>>(clock: C, epochMilliseconds: Int64) {
        let origin = clock.now
        readNow = {
            let elapsed = origin.duration(to: clock.now)
            return epochMilliseconds + elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        }
        sleepFor = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
    }

    /// The wall clock at start, advanced by a monotonic clock.
    public static func live() -> ClusterTime {
        ClusterTime(clock: ContinuousClock(), epochMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }

    public var now: Int64 { readNow() }

    /// Sleeps until `milliseconds` (since the epoch); returns at once when it has passed.
    public func sleep(untilMilliseconds milliseconds: Int64) async throws {
        let remaining = milliseconds - now
        guard remaining > 0 else {
            try Task.checkCancellation()
            return
        }
        try await sleepFor(.milliseconds(remaining))
    }

    public func sleep(for duration: Duration) async throws {
        try await sleepFor(duration)
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var clusterMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
