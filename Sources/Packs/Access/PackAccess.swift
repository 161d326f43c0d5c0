import Storage

/// Who may enable a pack in a server and roll from it. Set by its creator; `free` until then.
public enum PackAccess: Hashable, Sendable, Codable {
    /// Everyone (the behaviour before access modes existed).
    case free
    /// A Pro member, or any member of a Pro server (as the premium area decides), may enable it
    /// and roll from it.
    case pro
    /// Members subscribe for `points` every `PackSubscription.period` (30 days).
    case subscription(points: Int64)

    /// The stored mode: `free`, `pro` or `subscription`.
    public var mode: String {
        switch self {
        case .free: "free"
        case .pro: "pro"
        case .subscription: "subscription"
        }
    }

    /// The subscription price in points; nil for the other modes.
    public var points: Int64? {
        if case .subscription(let points) = self { return points }
        return nil
    }

    public var isRestricted: Bool { self != .free }

    /// How lists show it: nil for free packs, "🔒 Pro", or "🎟️ 100 points / 30 days".
    public var label: String? {
        switch self {
        case .free: nil
        case .pro: "🔒 Pro"
        case .subscription(let points): "🎟️ \(points) points / 30 days"
        }
    }

    /// How every store reads a stored mode and price back; `what` names the row in the error.
    public static func decode(mode: String, points: Int64?, what: String) throws -> PackAccess {
        switch (mode, points) {
        case ("free", _): return .free
        case ("pro", _): return .pro
        case ("subscription", let points?) where points > 0: return .subscription(points: points)
        default: throw StoreError.corruptData("\(what): access mode \(mode) with price \(points.map(String.init) ?? "none")")
        }
    }
}
