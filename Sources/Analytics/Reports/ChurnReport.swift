import Storage

/// The three churn signals, judged at the report's end.
public struct ChurnReport: Hashable, Sendable, Codable {
    public var header: ReportHeader
    /// Guilds whose active members over the last 7 days fell by at least 50% against their
    /// average week of the previous 28 days (guilds averaging at least 10 members a week).
    public var fallingGuilds: [FallingGuild]
    /// Trials ending within 3 days with no payment method.
    public var endingTrials: [EndingTrial]
    /// Pro members with no activity in the last 14 days.
    public var inactivePro: [InactivePro]

    public init(header: ReportHeader, fallingGuilds: [FallingGuild], endingTrials: [EndingTrial], inactivePro: [InactivePro]) {
        self.header = header
        self.fallingGuilds = fallingGuilds
        self.endingTrials = endingTrials
        self.inactivePro = inactivePro
    }
}

public struct FallingGuild: Hashable, Sendable, Codable {
    public var guild: GuildID
    /// Distinct active members over the last 7 days.
    public var lastWeek: Int64
    /// The mean of the four previous 7-day weeks' distinct active members.
    public var previousWeeklyAverage: Double
    public init(guild: GuildID, lastWeek: Int64, previousWeeklyAverage: Double) {
        self.guild = guild
        self.lastWeek = lastWeek
        self.previousWeeklyAverage = previousWeeklyAverage
    }
    /// The fall, 0…1.
    public var drop: Double { previousWeeklyAverage == 0 ? 0 : 1 - Double(lastWeek) / previousWeeklyAverage }
}

public struct EndingTrial: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var endsAt: Timestamp
    public init(player: PlayerID, endsAt: Timestamp) {
        self.player = player
        self.endsAt = endsAt
    }
}

public struct InactivePro: Hashable, Sendable, Codable {
    public var player: PlayerID
    /// The member's last activity event; nil if none was ever recorded.
    public var lastActivity: Timestamp?
    public init(player: PlayerID, lastActivity: Timestamp?) {
        self.player = player
        self.lastActivity = lastActivity
    }
}
