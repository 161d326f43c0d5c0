/// A point in wall time, in milliseconds since the Unix epoch (UTC). Stored as a plain integer so
/// every store dialect can index and compare it. The domain derives it from an injected clock.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64
    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public func advanced(by duration: Duration) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + duration.wholeMilliseconds)
    }

    /// The duration from `self` to `other` (negative when `other` is earlier).
    public func duration(to other: Timestamp) -> Duration {
        .milliseconds(other.millisecondsSinceEpoch - millisecondsSinceEpoch)
    }

    /// Days since the epoch in UTC: the unit of the daily streak.
    public var utcDay: Int64 {
        let msPerDay: Int64 = 86_400_000
        let (q, r) = millisecondsSinceEpoch.quotientAndRemainder(dividingBy: msPerDay)
        return r < 0 ? q - 1 : q
    }

    public static func startOfUTCDay(_ day: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: day * 86_400_000)
    }

    public var description: String { "\(millisecondsSinceEpoch)ms" }
}

extension Duration {
    /// Whole milliseconds, truncated toward zero.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
