import Storage

/// `/daily` and `/points`.
public struct PointsService: Sendable {
    let game: GachaGame

    public struct DailyClaim: Hashable, Sendable, Codable {
        public var points: Int64
        /// Consecutive UTC days including this one.
        public var streak: Int
        public var balance: Int64
        public var nextClaimAt: Timestamp
    }

    public struct Summary: Hashable, Sendable, Codable {
        public var balance: Int64
        /// The current streak (0 once a day was missed).
        public var streak: Int
        /// Whether `/daily` can be claimed now, and for how much.
        public var dailyAvailable: Bool
        public var nextDailyPoints: Int64
        public var nextDailyAt: Timestamp
        /// Newest first.
        public var recentEntries: [LedgerEntry]
    }

    /// Claims today's reward (UTC days). A second claim the same day throws
    /// `GachaError.dailyAlreadyClaimed`, except with the same key, which returns the first claim.
    public func claimDaily(_ player: PlayerID, idempotencyKey: IdempotencyKey) async throws -> DailyClaim {
        try await game.transaction(for: player) { t in
            var member = try await t.member(player)
            return try await t.idempotent(player, key: "daily:\(idempotencyKey.rawValue)", operation: "daily") {
                let today = t.now.utcDay
                let next = Timestamp.startOfUTCDay(today + 1)
                if member.streak.lastClaimDay == today { throw GachaError.dailyAlreadyClaimed(nextClaimAt: next) }
                let streak = member.streak.nextLength(today: today)
                let points = t.configuration.daily.reward(streak: streak)
                member.streak = DailyStreakState(length: streak, lastClaimDay: today)
                try await t.tx.updateMember(member)
                // The ledger key is the day, so even two different interaction ids cannot claim twice.
                let balance = try await t.credit(player, points, reason: .daily, key: "daily:\(today)")
                try await t.event(.dailyClaimed, player, ["streak": String(streak), "points": String(points)])
                return DailyClaim(points: points, streak: streak, balance: balance, nextClaimAt: next)
            }
        }
    }

    public func summary(_ player: PlayerID) async throws -> Summary {
        let configuration = game.configuration
        return try await game.snapshot { reader, now in
            let today = now.utcDay
            let streak = try await reader.member(player)?.streak ?? DailyStreakState()
            let available = streak.lastClaimDay != today
            return Summary(
                balance: try await reader.balance(player),
                streak: streak.current(today: today),
                dailyAvailable: available,
                nextDailyPoints: configuration.daily.reward(
                    streak: available ? streak.nextLength(today: today) : streak.length + 1),
                nextDailyAt: available ? now : .startOfUTCDay(today + 1),
                recentEntries: try await reader.recentLedgerEntries(player, limit: configuration.recentEntries))
        }
    }

    /// Credits points for a reason decided elsewhere (a pack, a premium perk, an admin gift). The
    /// same key again credits nothing and returns the first balance.
    @discardableResult
    public func grant(
        _ player: PlayerID, points: Int64, reason: LedgerReason, idempotencyKey: IdempotencyKey
    ) async throws -> Int64 {
        try await game.transaction(for: player) { t in
            _ = try await t.member(player)
            let key = "grant:\(idempotencyKey.rawValue)"
            return try await t.idempotent(player, key: key, operation: "grant:\(reason.rawValue)") {
                try await t.credit(player, points, reason: reason, key: key)
            }
        }
    }

    public func balance(_ player: PlayerID) async throws -> Int64 {
        try await game.snapshot { reader, _ in try await reader.balance(player) }
    }
}
