import Storage

/// A creator's earnings in one currency, for `/creator earnings` and the CLI.
public struct CreatorEarnings: Sendable, Equatable {
    public var currency: String
    /// Credited by allocations since the start of the current UTC month.
    public var monthToDate: Int64
    /// Credited but still inside the hold.
    public var pending: Int64
    /// Matured and not yet requested.
    public var payable: Int64
    /// Sum of payouts marked paid.
    public var paid: Int64

    /// Per currency, sorted; `history` is the payable's newest postings.
    public static func load(_ creator: MemberID, configuration: EconomyConfiguration, now: Timestamp, store: any EconomyStore) async throws
        -> (earnings: [CreatorEarnings], history: [MoneyPosting])
    {
        try await store.readEconomy { tx in
            let account = MoneyAccount.creatorPayable(creator)
            let payouts = try await tx.payouts(status: .paid, creator: creator)
            var currencies = Set(try await tx.moneyBalances(account).keys)
            currencies.formUnion(payouts.map(\.currency))
            let monthStart = Timestamp.startOfUTCDay(now.utcDay - Int64(Self.dayOfMonth(now.utcDay)) + 1)
            let credited = try await tx.moneyTotals(account, kind: .allocation, from: monthStart, to: now.advanced(by: .milliseconds(1)))
            var earnings: [CreatorEarnings] = []
            for currency in currencies.sorted() {
                let money = try await PayoutService.available(
                    creator, currency: currency, holdDays: configuration.payoutHoldDays, now: now, tx)
                earnings.append(
                    CreatorEarnings(
                        currency: currency, monthToDate: -(credited[currency] ?? 0), pending: money.held, payable: money.available,
                        paid: payouts.filter { $0.currency == currency }.reduce(0) { $0 + $1.amount }))
            }
            return (earnings, try await tx.moneyPostings(account, limit: 20))
        }
    }

    /// The day of the month (1-31) of a day since the epoch (civil-from-days).
    static func dayOfMonth(_ day: Int64) -> Int {
        let z = Int(day) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        return doy - (153 * mp + 2) / 5 + 1
    }
}
