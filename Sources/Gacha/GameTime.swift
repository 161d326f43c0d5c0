import Clocks
import Foundation
import Storage

/// Wall time for the game, read from an injected clock: `epoch` plus however far the clock has
/// moved since this value was made. Production passes `ContinuousClock()` and the current Unix
/// time; tests pass a `ManualClock` and a fixed epoch, then advance the clock by hand.
public struct GameTime: Sendable {
    private let read: @Sendable () -> Timestamp

    public init(clock: any Clock<Duration>, epoch: Timestamp) {
        read = Self.reader(clock, epoch: epoch)
    }

    /// A fixed or hand-driven time, for tools.
    public init(_ read: @escaping @Sendable () -> Timestamp) {
        self.read = read
    }

    public func now() -> Timestamp { read() }

    /// Production time: the wall clock read once now, then advanced by `ContinuousClock`, so a
    /// wall-clock jump (NTP) cannot move game time backwards.
    public static func live() -> GameTime {
        let epoch = Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        return GameTime(clock: ContinuousClock(), epoch: epoch)
    }

    private static func reader<C: Clock>(_ clock: C, epoch: Timestamp) -> @Sendable () -> Timestamp
    where C.Duration == Duration {
        let origin = clock.now
        return { epoch.advanced(by: origin.duration(to: clock.now)) }
    }
}
