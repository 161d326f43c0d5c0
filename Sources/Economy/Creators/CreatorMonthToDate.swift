import Storage

/// `/creator earnings`' month so far: the creator's engagement this UTC month with the
/// allocation's own guards, and their part of all creators' engagement. The money itself is only
/// known when the month is allocated (net revenue after refunds), so no amount is promised.
public struct CreatorMonthToDate: Sendable, Equatable {
    /// Thousandths of a unit, as the allocation report shows them.
    public var engagement: Int64
    /// Counted draws from their packs.
    public var draws: Int64
    /// Their engagement over every creator's, in basis points; nil while nobody has any.
    public var shareBasisPoints: Int64?

    public static func load(_ creator: MemberID, configuration: EconomyConfiguration, now: Timestamp, store: any EconomyStore) async throws
        -> CreatorMonthToDate
    {
        let firstDay = now.utcDay - Int64(CreatorEarnings.dayOfMonth(now.utcDay)) + 1
        return try await store.readEconomy { tx in
            let rows = try await tx.packEngagement(fromDay: firstDay, toDay: now.utcDay + 1)
            let pro = try await tx.paidProMembers(from: Timestamp.startOfUTCDay(firstDay), to: now.advanced(by: .milliseconds(1)))
            let scored = EngagementScoring.score(rows, proMembers: pro, configuration: configuration)
            let mine = scored.engagement[creator] ?? 0
            let total = scored.engagement.values.reduce(0, +)
            return CreatorMonthToDate(
                engagement: mine, draws: scored.draws[creator] ?? 0, shareBasisPoints: total == 0 ? nil : mine * 10_000 / total)
        }
    }
}
