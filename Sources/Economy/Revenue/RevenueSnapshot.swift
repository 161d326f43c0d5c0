import Storage

/// What the revenue gauges of `/metrics` show, read from the money ledger and the entitlements in
/// one snapshot: members paying for Pro now, and the revenue booked over the last 30 days by
/// currency (minor units, before refunds).
///
/// The 30-day revenue stands in for MRR until the analytics read model (issue 18) gives the exact
/// figure (yearly plans ÷ 12, trials excluded): for monthly plans the two agree.
public struct RevenueSnapshot: Hashable, Sendable {
    /// Members whose paid Pro (Stripe or Discord) covers the moment of the reading.
    public var payingProMembers: Int
    /// Revenue booked in the 30 days up to the reading, by lowercase currency code.
    public var trailing30DayRevenue: [String: Int64]

    public init(payingProMembers: Int, trailing30DayRevenue: [String: Int64]) {
        self.payingProMembers = payingProMembers
        self.trailing30DayRevenue = trailing30DayRevenue
    }

    /// The snapshot at `now`.
    public static func read(from store: any EconomyStore, at now: Timestamp) async throws -> RevenueSnapshot {
        let end = now.advanced(by: .milliseconds(1))
        let start = now.advanced(by: .seconds(-30 * 86_400))
        return try await store.readEconomy { reader in
            RevenueSnapshot(
                payingProMembers: try await reader.paidProMembers(from: now, to: end).count,
                trailing30DayRevenue: try await reader.moneyTotals(.stripeClearing, kind: .revenue, from: start, to: end))
        }
    }
}
