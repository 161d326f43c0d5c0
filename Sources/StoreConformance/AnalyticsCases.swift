import Analytics
import Clocks
import Foundation
import Storage
import Testing

/// The analytics read model and reports: hand-checked rows, every report against the raw-event
/// oracle after random events in random orders, rebuild equal to the incremental path, and export.
public enum AnalyticsCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case readModelRows, reportsEqualOracleInRandomOrders, rebuildEqualsIncremental, exportInTimeOrderWithCap
    public var testDescription: String { rawValue }
}

extension StoreConformance where S: AnalyticsStore, S.Transaction: AnalyticsTransaction {
    public func run(_ testCase: AnalyticsCase) async throws {
        try await withStore { store in
            try await AnalyticsCases(store: store).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }
}

struct AnalyticsCases<S: Store & AnalyticsStore>: Sendable where S.Transaction: AnalyticsTransaction {
    let store: S
    static var day: Int64 { 86_400_000 }
    static var end: Timestamp { Timestamp(millisecondsSinceEpoch: 20_060 * day) }

    func run(_ testCase: AnalyticsCase) async throws {
        switch testCase {
        case .readModelRows: try await readModelRows()
        case .reportsEqualOracleInRandomOrders: try await reportsEqualOracleInRandomOrders()
        case .rebuildEqualsIncremental: try await rebuildEqualsIncremental()
        case .exportInTimeOrderWithCap: try await exportInTimeOrderWithCap()
        }
    }

    func append(_ events: [AnalyticsEvent]) async throws {
        try await store.write { tx in try await tx.appendAnalyticsEvents(events) }
    }

    /// A member's first times are minima, last activity a maximum, rollups sums, whatever the order.
    func readModelRows() async throws {
        let p = PlayerID(guild: GuildID(5), member: MemberID(50))
        let t = { (h: Int64) in Timestamp(millisecondsSinceEpoch: 20_000 * Self.day + h * 3_600_000) }
        try await append([
            AnalyticsEvent(name: "roll", player: p, at: t(5)),
            AnalyticsEvent(name: "first_seen", player: p, at: t(1)),
            AnalyticsEvent(name: "points_earned", player: p, at: t(2), properties: ["amount": "40", "reason": "daily"]),
        ])
        try await append([
            AnalyticsEvent(name: "roll", player: p, at: t(3)),
            AnalyticsEvent(name: "points_earned", player: p, at: t(26), properties: ["amount": "7", "reason": "daily"]),
            AnalyticsEvent(name: "points_earned", player: p, at: t(4), properties: ["amount": "2", "reason": "daily"]),
            AnalyticsEvent(name: "ai_tokens", player: p, at: t(6), properties: ["tokens": "300", "cost_micros": "600"]),
            AnalyticsEvent(name: "conversion", player: p, at: t(7), properties: ["amount": "1200", "currency": "USD", "subscription": "s1", "interval": "year"]),
            // An event missing its properties counts as zero rather than failing the transaction.
            AnalyticsEvent(name: "points_spent", player: p, at: t(8)),
        ])
        let (members, rollups, subscriptions, active) = try await store.readAnalytics { r in
            (
                try await r.analyticsCohortMembers(guild: GuildID(5), fromDay: nil, toDay: 20_001),
                try await r.analyticsRollups(guild: GuildID(5), fromDay: 20_000, toDay: 20_001, metrics: []),
                try await r.analyticsSubscriptions(guild: nil),
                try await r.analyticsActiveMembers(guild: nil, fromDay: 20_001, toDay: 20_001, talkedOnly: false)
            )
        }
        #expect(members == [AnalyticsMemberFacts(player: p, firstSeen: t(1), firstRoll: t(3), firstConversion: t(7), lastActivity: t(26))])
        func value(_ metric: RollupMetric, _ key: String, day: Int64 = 20_000) -> Int64? {
            rollups.first { $0.metric == metric && $0.key == key && $0.day == day }?.value
        }
        #expect(value(.minted, "daily") == 42)
        #expect(value(.minted, "daily", day: 20_001) == 7)
        #expect(value(.burned, "") == 0)
        #expect(value(.talkTokens, "") == 300)
        #expect(value(.tokensPerCall, "300") == 1)
        #expect(value(.revenue, "usd") == 1200)
        #expect(subscriptions == [AnalyticsSubscription(subscriptionID: "s1", player: p, paidFrom: t(7), endedAt: nil, monthlyAmount: 100, currency: "usd")])
        #expect(active == [GuildID(5): 1])
    }

    /// Seeded activity plus awkward events (a trial ending under guild 0, a Stripe trial turning
    /// active, renewals before conversions), shuffled and appended in random batches.
    static func randomEvents(seed: UInt64) -> [AnalyticsEvent] {
        var events: [AnalyticsEvent] = []
        let activity = SyntheticActivity(guilds: 3, members: 45, events: 1_400, days: 50, seed: seed, end: end)
        var random = SeededRandom(seed: seed ^ 0xABCDEF)
        for index in 0..<activity.members {
            var r = SeededRandom(seed: seed &+ UInt64(index))
            events += activity.memberEvents(index: index, count: 1_400 / 45, random: &r)
        }
        // A crowded guild that falls away in the last week (a churn signal), and one that does not.
        for member in 0..<24 {
            let p = PlayerID(guild: GuildID(77), member: MemberID(7_700 + UInt64(member)))
            events.append(AnalyticsEvent(name: "first_seen", player: p, at: Timestamp(millisecondsSinceEpoch: end.millisecondsSinceEpoch - 40 * day)))
            for week in 1...4 where member < 12 + week {
                events.append(AnalyticsEvent(name: "roll", player: p, at: Timestamp(millisecondsSinceEpoch: end.millisecondsSinceEpoch - Int64(week) * 7 * day - 3_600_000)))
            }
            if member < 5 { events.append(AnalyticsEvent(name: "roll", player: p, at: Timestamp(millisecondsSinceEpoch: end.millisecondsSinceEpoch - 3_600_000))) }
        }
        for i in 0..<8 {
            let user = MemberID(9_000 + UInt64(i))
            let guild = GuildID(1_000 + UInt64(i % 3))
            let p = PlayerID(guild: guild, member: user)
            // Member 3's subscription is paid a month before the end and canceled within it (churn).
            let start = end.millisecondsSinceEpoch - (i == 3 ? 40 : Int64(i * 5 + 2)) * day
            let at = { (offset: Int64) in Timestamp(millisecondsSinceEpoch: start + offset) }
            events.append(AnalyticsEvent(name: "first_seen", player: p, at: at(-day)))
            events.append(AnalyticsEvent(name: "roll", player: p, at: at(-day + 3_600_000)))
            events.append(AnalyticsEvent(name: "talk", player: p, at: at(-day + 7_200_000)))
            if i.isMultiple(of: 2) {
                // A local trial; half end (under guild 0, as the sweeper records them); member 6's
                // ends in two days without a payment method (a churn signal).
                let trialEnd = i == 6 ? end.millisecondsSinceEpoch + 2 * day : start + Int64(i + 1) * day / 2
                events.append(
                    AnalyticsEvent(name: "trial_start", player: p, at: at(0), properties: ["source": "local", "trial_end": String(trialEnd / 1000)]))
                if i == 2 {
                    events.append(AnalyticsEvent(name: "conversion", player: p, at: at(day), properties: ["amount": "499", "currency": "usd", "subscription": "sub_local_2"]))
                }
                if i % 4 == 0 {
                    events.append(AnalyticsEvent(name: "trial_end", player: PlayerID(guild: GuildID(0), member: user), at: at(day), properties: ["outcome": "expired"]))
                }
            } else {
                // A Stripe trial that turns active, renews and (sometimes) cancels.
                let sub = "sub_rand_\(i)"
                events.append(AnalyticsEvent(name: "conversion", player: p, at: at(0), properties: ["amount": "0", "subscription": sub]))
                events.append(AnalyticsEvent(name: "trial_start", player: p, at: at(0), properties: ["subscription": sub, "trial_end": String((start + 7 * day) / 1000)]))
                events.append(AnalyticsEvent(name: "trial_end", player: p, at: at(day), properties: ["subscription": sub, "outcome": "active", "amount": "999"]))
                events.append(AnalyticsEvent(name: "subscription_renewed", player: p, at: at(2 * day), properties: ["subscription": sub, "amount": "1200", "currency": "usd"]))
                if i == 3 {
                    events.append(AnalyticsEvent(name: "subscription_canceled", player: p, at: at(25 * day), properties: ["subscription": sub]))
                }
            }
        }
        events.shuffle(using: &random)
        return events
    }

    func appendInRandomBatches(_ events: [AnalyticsEvent], seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        var rest = events[...]
        while !rest.isEmpty {
            let n = min(rest.count, Int.random(in: 1...60, using: &random))
            let batch = Array(rest.prefix(n))
            rest = rest.dropFirst(n)
            let one = Bool.random(using: &random)
            try await store.write { tx in
                if one {
                    for event in batch { try await tx.appendAnalyticsEvent(event) }
                } else {
                    try await tx.appendAnalyticsEvents(batch)
                }
            }
        }
    }

    /// Gives some players points through the ledger, for the balance distribution.
    func creditSome(_ events: [AnalyticsEvent], seed: UInt64) async throws -> [PlayerID: Int64] {
        var random = SeededRandom(seed: seed)
        var balances: [PlayerID: Int64] = [:]
        let players = Set(events.map(\.player)).sorted()
        for p in players where Int.random(in: 0..<3, using: &random) == 0 {
            let amount = Int64.random(in: 0...5_000, using: &random)
            try await store.write { tx in
                try await tx.ensurePlayer(p, at: Self.end)
                if amount > 0 {
                    try await tx.appendLedgerEntry(LedgerEntry(player: p, amount: amount, reason: "test", idempotencyKey: "credit-\(p)", at: Self.end))
                }
            }
            balances[p] = amount
        }
        return balances
    }

    func reportsEqualOracleInRandomOrders() async throws {
        let seed: UInt64 = 0x5EED_0018
        let events = Self.randomEvents(seed: seed)
        try await appendInRandomBatches(events, seed: seed)
        let balances = try await creditSome(events, seed: seed)
        let oracle = AnalyticsOracle(events: events, balances: balances)
        let reports = OwnerReports(store: store)
        let guilds: [GuildID?] = [nil, GuildID(1_000), GuildID(1_001), GuildID(77), GuildID(4_242)]
        // The present: every event is before it, as the read model holds everything recorded.
        let now = Self.end
        #expect(events.allSatisfy { $0.at <= now })
        var compared = 0
        for guild in guilds {
            for period in ReportPeriod.allCases {
                for granularity in Granularity.allCases {
                    let report = try await reports.all(guild: guild, period: period, granularity: granularity, now: now)
                    let h = ReportHeader(guild: guild, period: period, granularity: granularity, window: period.window(now: now))
                    #expect(report.funnel == oracle.funnel(h), "funnel \(String(describing: guild)) \(period) \(granularity)")
                    #expect(report.retention == oracle.retention(h), "retention \(String(describing: guild)) \(period) \(granularity)")
                    #expect(report.economy == oracle.economy(h), "economy \(String(describing: guild)) \(period) \(granularity)")
                    #expect(report.ai == oracle.ai(h), "ai \(String(describing: guild)) \(period) \(granularity)")
                    #expect(report.revenue == oracle.revenue(h), "revenue \(String(describing: guild)) \(period) \(granularity)")
                    #expect(report.churn == oracle.churn(h), "churn \(String(describing: guild)) \(period) \(granularity)")
                    compared += 1
                }
            }
        }
        #expect(compared == guilds.count * 8)
        // The data exercises every report: no comparison passed for want of rows.
        let all = try await reports.all(guild: nil, period: .all, granularity: .week, now: now)
        #expect(all.funnel.total.paid > 0)
        #expect(all.retention.total.d7.numerator > 0)
        #expect(all.revenue.mrr > 0 && all.revenue.monthlyChurn.numerator > 0)
        #expect(all.economy.items.count >= 3 && all.economy.balanceMedian != nil)
        #expect(all.ai.calls > 0)
        #expect(all.churn.fallingGuilds.map(\.guild).contains(GuildID(77)))
        #expect(!all.churn.endingTrials.isEmpty)
    }

    /// Everything the read model holds, in a stable order.
    struct Snapshot: Equatable {
        var members: [AnalyticsMemberFacts]
        var rollups: [AnalyticsRollup]
        var active: [[GuildID: Int64]]
        var subscriptions: [AnalyticsSubscription]
        var trials: [AnalyticsTrial]
    }

    func snapshot() async throws -> Snapshot {
        try await store.readAnalytics { r in
            var active: [[GuildID: Int64]] = []
            for day in Int64(20_000)...20_060 {
                active.append(try await r.analyticsActiveMembers(guild: nil, fromDay: day, toDay: day, talkedOnly: false))
                active.append(try await r.analyticsActiveMembers(guild: nil, fromDay: day, toDay: day, talkedOnly: true))
            }
            return Snapshot(
                members: try await r.analyticsCohortMembers(guild: nil, fromDay: nil, toDay: 30_000).sorted { $0.player < $1.player },
                rollups: try await r.analyticsRollups(guild: nil, fromDay: nil, toDay: 30_000, metrics: []).sorted {
                    ($0.guild, $0.day, $0.metric.rawValue, $0.key) < ($1.guild, $1.day, $1.metric.rawValue, $1.key)
                },
                active: active, subscriptions: try await r.analyticsSubscriptions(guild: nil), trials: try await r.analyticsTrials(guild: nil))
        }
    }

    func rebuildEqualsIncremental() async throws {
        let events = Self.randomEvents(seed: 7)
        try await appendInRandomBatches(events, seed: 8)
        let incremental = try await snapshot()
        #expect(incremental.members.count > 40 && incremental.rollups.count > 100)
        try await store.writeAnalytics { try await $0.rebuildAnalyticsReadModel() }
        let rebuilt = try await snapshot()
        #expect(rebuilt == incremental)
    }

    func exportInTimeOrderWithCap() async throws {
        let events = Self.randomEvents(seed: 11)
        try await appendInRandomBatches(events, seed: 12)
        let guild = GuildID(1_001)
        let exported = try await store.readAnalytics { try await $0.analyticsExportEvents(guild: guild, fromDay: nil, toDay: 30_000, limit: 100_000) }
        let expected = events.filter { $0.player.guild == guild }
        #expect(exported.count == expected.count)
        #expect(exported.map(\.at) == expected.map(\.at).sorted())
        func text(_ e: AnalyticsEvent) -> String { "\(e.name)|\(e.player)|\(e.at)|\(StringMapJSON.encode(e.properties))" }
        #expect(exported.map(text).sorted() == expected.map(text).sorted())
        let capped = try await store.readAnalytics { try await $0.analyticsExportEvents(guild: nil, fromDay: 20_055, toDay: 20_059, limit: 10) }
        #expect(capped.count == 10)
        #expect(capped.allSatisfy { $0.at.utcDay >= 20_055 && $0.at.utcDay <= 20_059 })
    }
}
