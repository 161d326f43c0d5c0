import Storage

extension GachaGame {
    /// The usual "not enough points" details (balance, price, ways to earn more) for a charge made
    /// by another area in its own transaction (a pack subscription), read from `reader` as of `now`.
    public func insufficientPoints(_ player: PlayerID, price: Int64, reader: any GachaReader, at now: Timestamp) async throws -> InsufficientPoints {
        let streak = try await reader.member(player)?.streak ?? DailyStreakState()
        let today = now.utcDay
        var ways: [EarningWay] = []
        if streak.lastClaimDay == today {
            ways.append(.dailyLater(at: .startOfUTCDay(today + 1)))
        } else {
            ways.append(.dailyAvailable(points: configuration.daily.reward(streak: streak.nextLength(today: today))))
        }
        ways.append(.rollDuplicates)
        let owned = try await reader.inventoryCount(player)
        if owned > 0 { ways.append(.releaseCharacters(owned: owned)) }
        return InsufficientPoints(balance: try await reader.balance(player), price: price, waysToEarn: ways)
    }
}
