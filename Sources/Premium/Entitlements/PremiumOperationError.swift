import Storage

/// An operator request that cannot be applied.
public enum PremiumOperationError: Error, Hashable, Sendable, CustomStringConvertible {
    case untilInThePast(until: Timestamp, now: Timestamp)

    public var description: String {
        switch self {
        case .untilInThePast(let until, let now):
            "--until must be in the future (it is \(until.millisecondsSinceEpoch / 1000) s, now is \(now.millisecondsSinceEpoch / 1000) s since the epoch)"
        }
    }
}
