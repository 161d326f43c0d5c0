/// A Discord guild, as the game sees it: just a number. The Bot layer converts snowflakes.
public struct GuildID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: GuildID, rhs: GuildID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// A guild member, as the game sees it: just a number.
public struct MemberID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: MemberID, rhs: MemberID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// One member's game in one guild. Collections, points and pity are kept per guild, so the same
/// person plays separate games on separate servers.
public struct PlayerID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var guild: GuildID
    public var member: MemberID
    public init(guild: GuildID, member: MemberID) {
        self.guild = guild
        self.member = member
    }
    public static func < (lhs: PlayerID, rhs: PlayerID) -> Bool {
        (lhs.guild, lhs.member) < (rhs.guild, rhs.member)
    }
    public var description: String { "\(guild)/\(member)" }
}

/// A caller-chosen key (for Discord: the interaction id) that makes an operation safe to repeat.
public struct IdempotencyKey: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// The identifier of a pending multi-pull; short enough to sit inside a Discord `custom_id`.
public struct PullID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}
