import Storage

/// `gachabot economy allocate --month YYYY-MM`: shares a finished month's creator pool.
///
/// One write transaction reads the month's revenue, refunds and engagement, posts one money
/// transaction per creator and currency (`allocation:MONTH:CURRENCY:CREATOR`: debit
/// `platform_revenue` by the share, credit the creator's payable by share − fee and
/// `platform_fee` by the fee) and records the run with its report. A month already allocated is
/// not computed again: its stored report comes back and nothing is written, so a rerun, or two
/// runs at once (the run's primary key decides), apply it once.
public struct RevenueAllocator: Sendable {
    let store: any EconomyStore
    let configuration: EconomyConfiguration

    public init(store: any EconomyStore, configuration: EconomyConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    public struct Outcome: Sendable, Equatable {
        public var report: AllocationReport
        /// False when the month had been allocated before (nothing was written).
        public var applied: Bool
    }

    public func allocate(_ month: AllocationMonth, now: Timestamp) async throws -> Outcome {
        guard now >= month.end else { throw EconomyError.monthNotOver(month.description) }
        let configuration = self.configuration
        return try await store.writeEconomy { tx in
            if let run = try await tx.allocationRun(month: month.description) {
                return Outcome(report: try AllocationReport.decode(run.report, month: run.month), applied: false)
            }
            let report = try await Self.compute(month, configuration: configuration, tx)
            guard try await tx.recordAllocationRun(AllocationRun(month: month.description, report: try report.json(), at: now)) else {
                // Another run recorded it after this snapshot began: its report is the one.
                let run = try await tx.allocationRun(month: month.description)
                return Outcome(report: try run.map { try AllocationReport.decode($0.report, month: $0.month) } ?? report, applied: false)
            }
            for currency in report.currencies {
                for line in currency.lines where line.share > 0 {
                    var entries = [MoneyEntry(account: .platformRevenue, currency: currency.currency, amount: line.share)]
                    if line.credit > 0 {
                        entries.append(MoneyEntry(account: .creatorPayable(MemberID(line.creator)), currency: currency.currency, amount: -line.credit))
                    }
                    if line.fee > 0 { entries.append(MoneyEntry(account: .platformFee, currency: currency.currency, amount: -line.fee)) }
                    _ = try await tx.postMoneyTransaction(
                        MoneyTransaction(
                            idempotencyKey: "allocation:\(month):\(currency.currency):\(line.creator)", kind: .allocation,
                            reference: "allocation:\(month)", user: MemberID(line.creator), at: now, entries: entries))
                }
            }
            // One event per creator credited, in the same transaction as the credit.
            try await tx.appendAnalyticsEvents(
                report.currencies.flatMap { currency in
                    currency.lines.map { line in
                        AnalyticsEvent(
                            name: "revenue_allocated", player: PlayerID(guild: GuildID(0), member: MemberID(line.creator)), at: now,
                            properties: [
                                "month": month.description, "currency": currency.currency, "share": String(line.share), "fee": String(line.fee),
                                "credit": String(line.credit),
                            ])
                    }
                })
            return Outcome(report: report, applied: true)
        }
    }

    /// The report the month's data gives, without writing anything.
    static func compute(_ month: AllocationMonth, configuration: EconomyConfiguration, _ tx: any EconomyReader) async throws
        -> AllocationReport
    {
        let revenue = try await tx.moneyTotals(.platformRevenue, kind: .revenue, from: month.start, to: month.end)
        let refunds = try await tx.moneyTotals(.refunds, kind: .refund, from: month.start, to: month.end)
        let rows = try await tx.packEngagement(fromDay: month.firstDay, toDay: month.endDay)
        let talk = configuration.talkTurnWeight > 0 ? try await tx.packTalkTurns(fromDay: month.firstDay, toDay: month.endDay) : []
        let pro = try await tx.paidProMembers(from: month.start, to: month.end)
        let scored = EngagementScoring.score(rows, talk: talk, proMembers: pro, configuration: configuration)

        var currencies: [AllocationReport.CurrencyAllocation] = []
        for currency in Set(revenue.keys).union(refunds.keys).sorted() {
            let gross = -(revenue[currency] ?? 0)
            let refunded = refunds[currency] ?? 0
            let net = gross - refunded
            let pool = RevenueSplit.pool(net: net, basisPoints: configuration.creatorPoolBasisPoints)
            let lines = RevenueSplit.split(pool: pool, engagement: scored.engagement, feeBasisPoints: configuration.platformFeeBasisPoints)
            currencies.append(
                AllocationReport.CurrencyAllocation(
                    currency: currency, revenue: gross, refunds: refunded, net: net, pool: pool, lines: lines,
                    unallocated: pool - lines.reduce(0) { $0 + $1.share }))
        }
        let creators = Set(scored.engagement.keys).union(scored.draws.keys).union(scored.talkTurns.keys).sorted { $0.rawValue < $1.rawValue }.map {
            AllocationReport.CreatorEngagement(creator: $0.rawValue, draws: scored.draws[$0] ?? 0, engagement: scored.engagement[$0] ?? 0)
        }
        return AllocationReport(
            month: month.description, creatorPoolBasisPoints: configuration.creatorPoolBasisPoints,
            platformFeeBasisPoints: configuration.platformFeeBasisPoints, creators: creators, currencies: currencies,
            excluded: scored.excluded)
    }
}
