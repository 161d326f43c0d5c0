import Storage

/// Everything the game keeps about one player besides points, inventory and pulls: when we first
/// saw them, their pity counters, their roll allowance and their daily streak.
public struct MemberRecord: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var firstSeen: Timestamp
    public var pity: PityCounters
    public var rolls: RollAllowanceState
    public var streak: DailyStreakState

    public init(
        player: PlayerID, firstSeen: Timestamp, pity: PityCounters = PityCounters(),
        rolls: RollAllowanceState, streak: DailyStreakState = DailyStreakState()
    ) {
        self.player = player
        self.firstSeen = firstSeen
        self.pity = pity
        self.rolls = rolls
        self.streak = streak
    }
}

/// Rolls since the last hit of each pity tier; persisted so pity survives restarts.
public struct PityCounters: Hashable, Sendable, Codable {
    /// Rolls since the last legendary (0 right after a legendary).
    public var rollsSinceLegendary: Int
    /// Rolls since the last epic-or-better (0 right after one).
    public var rollsSinceEpicOrBetter: Int

    public init(rollsSinceLegendary: Int = 0, rollsSinceEpicOrBetter: Int = 0) {
        self.rollsSinceLegendary = rollsSinceLegendary
        self.rollsSinceEpicOrBetter = rollsSinceEpicOrBetter
    }
}

/// The stored half of the regenerating allowance: `stored` rolls as of `asOf`. The current value
/// is computed from these and the clock (no background timer).
public struct RollAllowanceState: Hashable, Sendable, Codable {
    public var stored: Int
    public var asOf: Timestamp
    /// Bought rolls: they do not regenerate and have no cap.
    public var extra: Int

    public init(stored: Int, asOf: Timestamp, extra: Int = 0) {
        self.stored = stored
        self.asOf = asOf
        self.extra = extra
    }
}

/// The daily claim streak: `length` consecutive UTC days ending on `lastClaimDay`.
public struct DailyStreakState: Hashable, Sendable, Codable {
    public var length: Int
    /// The UTC day (`Timestamp.utcDay`) of the last claim, if any.
    public var lastClaimDay: Int64?

    public init(length: Int = 0, lastClaimDay: Int64? = nil) {
        self.length = length
        self.lastClaimDay = lastClaimDay
    }
}
