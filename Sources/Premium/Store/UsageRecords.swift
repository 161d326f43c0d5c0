import Storage

/// Whose usage a meter counts: a user (`user:<id>`) or a guild (`guild:<id>`).
public struct UsageSubject: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static func user(_ user: MemberID) -> UsageSubject { UsageSubject(rawValue: "user:\(user.rawValue)") }
    public static func guild(_ guild: GuildID) -> UsageSubject { UsageSubject(rawValue: "guild:\(guild.rawValue)") }
    public var description: String { rawValue }
}

/// One meter of one subject in one period (the period's start identifies it).
public struct UsageKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var subject: UsageSubject
    public var meter: String
    public var periodStart: Timestamp

    public init(subject: UsageSubject, meter: String, periodStart: Timestamp) {
        self.subject = subject
        self.meter = meter
        self.periodStart = periodStart
    }
    public var description: String { "\(subject)/\(meter)@\(periodStart.millisecondsSinceEpoch)" }
}

/// A meter's count in its period, and whether its one warning of the period was shown.
public struct UsageCounter: Hashable, Sendable, Codable {
    public var key: UsageKey
    public var count: Int64
    public var warnedAt: Timestamp?

    public init(key: UsageKey, count: Int64, warnedAt: Timestamp? = nil) {
        self.key = key
        self.count = count
        self.warnedAt = warnedAt
    }
}

/// What an increment did: counted (the new count), or refused because it would pass the limit
/// (the count as it stands, unchanged).
public enum UsageIncrement: Hashable, Sendable {
    case counted(UsageCounter)
    case limitReached(UsageCounter)
}

/// One audited increment of a meter.
public struct UsageAuditEntry: Hashable, Sendable, Codable {
    public var key: UsageKey
    public var delta: Int64
    public var countAfter: Int64
    public var reason: String
    public var at: Timestamp

    public init(key: UsageKey, delta: Int64, countAfter: Int64, reason: String, at: Timestamp) {
        self.key = key
        self.delta = delta
        self.countAfter = countAfter
        self.reason = reason
        self.at = at
    }
}
