import Storage

/// The definitions of docs/analytics.md as pure functions over read-model rows, so the stores
/// only fetch and the rules live in one place.
public enum ReportDefinitions {
    public static let dayMilliseconds: Int64 = 86_400_000
    /// The funnel's window after `first_seen`.
    public static let funnelWindow: Int64 = 30 * dayMilliseconds

    // MARK: Funnel

    /// Which funnel steps a member reached: each within 30 days of `first_seen`, at or after the
    /// previous step, and only if the previous step was reached.
    public static func funnelSteps(_ m: AnalyticsMemberFacts) -> (rolled: Bool, talked: Bool, trial: Bool, paid: Bool) {
        guard let seen = m.firstSeen else { return (false, false, false, false) }
        let limit = seen.millisecondsSinceEpoch + funnelWindow
        func within(_ t: Timestamp?, after previous: Timestamp) -> Timestamp? {
            guard let t, t >= previous, t.millisecondsSinceEpoch < limit else { return nil }
            return t
        }
        guard let roll = within(m.firstRoll, after: seen) else { return (false, false, false, false) }
        guard let talk = within(m.firstTalk, after: roll) else { return (true, false, false, false) }
        guard let trial = within(m.firstTrialStart, after: talk) else { return (true, true, false, false) }
        guard within(m.firstConversion, after: trial) != nil else { return (true, true, true, false) }
        return (true, true, true, true)
    }

    public static func funnel(header: ReportHeader, members: [AnalyticsMemberFacts]) -> FunnelReport {
        var cohorts: [Int64: FunnelCohort] = [:]
        var total = FunnelCohort(startDay: header.window.firstDay ?? 0)
        for m in members {
            guard let seen = m.firstSeen, header.window.contains(day: seen.utcDay) else { continue }
            let bucket = header.granularity.bucket(of: seen.utcDay)
            let steps = funnelSteps(m)
            func add(_ c: inout FunnelCohort) {
                c.newMembers += 1
                if steps.rolled { c.rolled += 1 }
                if steps.talked { c.talked += 1 }
                if steps.trial { c.trial += 1 }
                if steps.paid { c.paid += 1 }
            }
            add(&cohorts[bucket, default: FunnelCohort(startDay: bucket)])
            add(&total)
        }
        let rows = cohorts.values.sorted { $0.startDay < $1.startDay }
        if header.window.firstDay == nil { total.startDay = rows.first?.startDay ?? header.window.lastDay }
        return FunnelReport(header: header, cohorts: rows, total: total)
    }

    // MARK: Retention

    public static func retention(header: ReportHeader, members: [AnalyticsMemberFacts]) -> RetentionReport {
        var cohorts: [Int64: RetentionCohort] = [:]
        var total = RetentionCohort(startDay: header.window.firstDay ?? 0)
        let end = header.window.end
        for m in members {
            guard let seen = m.firstSeen, header.window.contains(day: seen.utcDay) else { continue }
            let bucket = header.granularity.bucket(of: seen.utcDay)
            func cell(_ n: Int64) -> (eligible: Bool, retained: Bool) {
                let threshold = seen.advanced(by: .milliseconds(n * dayMilliseconds))
                guard threshold <= end else { return (false, false) }
                return (true, m.lastActivity.map { $0 >= threshold } ?? false)
            }
            let d1 = cell(1), d7 = cell(7), d30 = cell(30)
            func add(_ c: inout RetentionCohort) {
                c.newMembers += 1
                if d1.eligible { c.d1.denominator += 1 }
                if d1.retained { c.d1.numerator += 1 }
                if d7.eligible { c.d7.denominator += 1 }
                if d7.retained { c.d7.numerator += 1 }
                if d30.eligible { c.d30.denominator += 1 }
                if d30.retained { c.d30.numerator += 1 }
            }
            add(&cohorts[bucket, default: RetentionCohort(startDay: bucket)])
            add(&total)
        }
        let rows = cohorts.values.sorted { $0.startDay < $1.startDay }
        if header.window.firstDay == nil { total.startDay = rows.first?.startDay ?? header.window.lastDay }
        return RetentionReport(header: header, cohorts: rows, total: total)
    }

    // MARK: Revenue

    public static func mrr(_ subscriptions: [AnalyticsSubscription], at time: Timestamp) -> Double {
        subscriptions.filter { $0.isPaying(at: time) }.reduce(0) { $0 + $1.monthlyAmount }
    }

    /// Paying customers: distinct users with a subscription active and not in trial.
    public static func payingCustomers(_ subscriptions: [AnalyticsSubscription], at time: Timestamp) -> Set<MemberID> {
        Set(subscriptions.filter { $0.isPaying(at: time) }.map(\.player.member))
    }

    public static func revenue(
        header: ReportHeader, subscriptions: [AnalyticsSubscription], trials: [AnalyticsTrial], rollups: [AnalyticsRollup]
    ) -> RevenueReport {
        let now = header.window.end
        let mrr = mrr(subscriptions, at: now)
        let paying = Int64(payingCustomers(subscriptions, at: now).count)
        let arpu = paying == 0 ? nil : mrr / Double(paying)

        // The series: MRR at the end of each bucket (or now, for the current one).
        let firstDay = header.window.firstDay ?? subscriptions.compactMap { $0.paidFrom?.utcDay }.min() ?? header.window.lastDay
        var series: [MRRPoint] = []
        var day = header.granularity.bucket(of: firstDay)
        let step: Int64 = header.granularity == .day ? 1 : 7
        while day <= header.window.lastDay {
            let bucketEnd = Timestamp.startOfUTCDay(day + step).advanced(by: .milliseconds(-1))
            series.append(MRRPoint(day: day, mrr: Self.mrr(subscriptions, at: min(bucketEnd, now))))
            day += step
        }

        var revenueByGuild: [GuildID: Int64] = [:]
        for r in rollups where r.metric == .revenue { revenueByGuild[r.guild, default: 0] += r.value }
        var guildIDs = Set(revenueByGuild.keys)
        for s in subscriptions where s.isPaying(at: now) { guildIDs.insert(s.player.guild) }
        let guilds = guildIDs.map { g -> GuildRevenue in
            let own = subscriptions.filter { $0.player.guild == g }
            let m = Self.mrr(own, at: now)
            let p = Int64(payingCustomers(own, at: now).count)
            return GuildRevenue(guild: g, mrr: m, payingCustomers: p, arpu: p == 0 ? nil : m / Double(p), revenue: revenueByGuild[g] ?? 0)
        }.sorted { ($0.revenue, $0.mrr, $1.guild) > ($1.revenue, $1.mrr, $0.guild) }

        // Trial → paid: trials started in the window, converted (a subscription of the same
        // user paying from) within 30 days of the start.
        var trialToPaid = Ratio(0, of: 0)
        for t in trials where header.window.contains(day: t.startedAt.utcDay) && t.startedAt <= now {
            trialToPaid.denominator += 1
            let limit = t.startedAt.millisecondsSinceEpoch + funnelWindow
            let converted = subscriptions.contains {
                $0.player.member == t.player.member
                    && ($0.paidFrom.map { $0 >= t.startedAt && $0.millisecondsSinceEpoch < limit } ?? false)
            }
            if converted { trialToPaid.numerator += 1 }
        }

        // Customer churn over the 30 days up to now.
        let monthStart = now.advanced(by: .milliseconds(-funnelWindow))
        let atStart = payingCustomers(subscriptions, at: monthStart)
        let atEnd = payingCustomers(subscriptions, at: now)
        let churn = Ratio(Int64(atStart.subtracting(atEnd).count), of: Int64(atStart.count))
        var ltv: Double?
        if let arpu, let rate = churn.value, rate > 0 { ltv = arpu / rate }

        return RevenueReport(
            header: header, mrr: mrr, payingCustomers: paying, arpu: arpu, mrrSeries: series, guilds: guilds, trialToPaid: trialToPaid,
            monthlyChurn: churn, ltv: ltv)
    }

    // MARK: Economy

    public static func economy(header: ReportHeader, rollups: [AnalyticsRollup], activeMembers: Int64, balances: [Int64]) -> EconomyReport {
        var buckets: [Int64: EconomyBucket] = [:]
        var total = EconomyBucket(startDay: header.window.firstDay ?? 0)
        var items: [String: Int64] = [:]
        for r in rollups {
            let bucket = header.granularity.bucket(of: r.day)
            switch r.metric {
            case .minted:
                buckets[bucket, default: EconomyBucket(startDay: bucket)].minted[r.key, default: 0] += r.value
                total.minted[r.key, default: 0] += r.value
            case .burned:
                buckets[bucket, default: EconomyBucket(startDay: bucket)].burned[r.key, default: 0] += r.value
                total.burned[r.key, default: 0] += r.value
            case .purchases:
                items[r.key, default: 0] += r.value
            default:
                break
            }
        }
        let rows = buckets.values.sorted { $0.startDay < $1.startDay }
        if header.window.firstDay == nil { total.startDay = rows.first?.startDay ?? header.window.lastDay }
        let popularity = items.map { ItemPopularity(item: $0.key, purchases: $0.value) }
            .sorted { ($0.purchases, $1.item) > ($1.purchases, $0.item) }
        let (median, top) = balanceDistribution(balances)
        return EconomyReport(
            header: header, buckets: rows, total: total,
            spentPerActiveMember: activeMembers == 0 ? nil : Double(total.totalBurned) / Double(activeMembers), activeMembers: activeMembers,
            items: popularity, balanceMedian: median, top1PercentShare: top)
    }

    /// The median (mean of the two middle values for an even count) and the share of all points
    /// held by the richest ⌈n ÷ 100⌉ members.
    public static func balanceDistribution(_ balances: [Int64]) -> (median: Double?, top1PercentShare: Double?) {
        guard !balances.isEmpty else { return (nil, nil) }
        let sorted = balances.sorted()
        let n = sorted.count
        let median = n % 2 == 1 ? Double(sorted[n / 2]) : (Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2
        let total = sorted.reduce(0, +)
        let topCount = (n + 99) / 100
        let top = sorted.suffix(topCount).reduce(0, +)
        return (median, total == 0 ? nil : Double(top) / Double(total))
    }

    // MARK: AI

    public static func ai(header: ReportHeader, rollups: [AnalyticsRollup], talkingMembers: Int64) -> AIReport {
        var calls: Int64 = 0, tokens: Int64 = 0, cost: Int64 = 0
        var frequencies: [Int64: Int64] = [:]
        var costByGuild: [GuildID: Int64] = [:]
        var revenueByGuild: [GuildID: Int64] = [:]
        for r in rollups {
            switch r.metric {
            case .talkCalls: calls += r.value
            case .talkTokens: tokens += r.value
            case .talkCost:
                cost += r.value
                costByGuild[r.guild, default: 0] += r.value
            case .tokensPerCall:
                if let t = Int64(r.key) { frequencies[t, default: 0] += r.value }
            case .revenue: revenueByGuild[r.guild, default: 0] += r.value
            default: break
            }
        }
        let guilds = costByGuild.map { g, c -> GuildAICost in
            let revenue = revenueByGuild[g] ?? 0
            return GuildAICost(guild: g, costMicros: c, revenue: revenue, costToRevenue: revenue == 0 ? nil : (Double(c) / 1_000_000) / (Double(revenue) / 100))
        }.sorted { ($0.costMicros, $1.guild) > ($1.costMicros, $0.guild) }
        return AIReport(
            header: header, calls: calls, tokens: tokens, tokensPerCallMean: calls == 0 ? nil : Double(tokens) / Double(calls),
            tokensPerCallP50: percentile(frequencies, 0.50), tokensPerCallP95: percentile(frequencies, 0.95), costMicros: cost,
            talkingMembers: talkingMembers, costPerTalkingMember: talkingMembers == 0 ? nil : Double(cost) / Double(talkingMembers),
            guilds: guilds)
    }

    /// The `p` quantile of the values counted in `frequencies`, interpolated linearly between the
    /// closest ranks (PERCENTILE.INC, `quantile_cont`): rank h = (n − 1) × p, 0-based.
    public static func percentile(_ frequencies: [Int64: Int64], _ p: Double) -> Double? {
        let n = frequencies.values.reduce(0, +)
        guard n > 0 else { return nil }
        let h = Double(n - 1) * p
        let lower = Int64(h.rounded(.down))
        let fraction = h - Double(lower)
        func value(at rank: Int64) -> Int64 {
            var seen: Int64 = 0
            for key in frequencies.keys.sorted() {
                seen += frequencies[key] ?? 0
                if rank < seen { return key }
            }
            return frequencies.keys.max() ?? 0
        }
        let a = Double(value(at: lower))
        guard fraction > 0 else { return a }
        let b = Double(value(at: min(lower + 1, n - 1)))
        return a + fraction * (b - a)
    }

    // MARK: Churn signals

    public static let fallingMinimumMembers: Double = 10
    public static let trialEndingWithin: Int64 = 3 * dayMilliseconds
    public static let proInactiveFor: Int64 = 14 * dayMilliseconds

    public static func churn(header: ReportHeader, inputs: ChurnInputs) -> ChurnReport {
        let now = header.window.end
        var guildIDs = Set<GuildID>()
        for week in inputs.weeks { guildIDs.formUnion(week.keys) }
        var falling: [FallingGuild] = []
        for g in guildIDs {
            let last = inputs.weeks.first?[g] ?? 0
            let previous = inputs.weeks.dropFirst().reduce(Int64(0)) { $0 + ($1[g] ?? 0) }
            let average = Double(previous) / 4
            guard average >= fallingMinimumMembers, Double(last) <= average * 0.5 else { continue }
            falling.append(FallingGuild(guild: g, lastWeek: last, previousWeeklyAverage: average))
        }
        falling.sort { ($0.drop, $1.guild) > ($1.drop, $0.guild) }

        let ending = inputs.trials.filter { t in
            guard !t.ended, !t.hasPaymentMethod, let ends = t.endsAt else { return false }
            return ends > now && ends.millisecondsSinceEpoch <= now.millisecondsSinceEpoch + trialEndingWithin
        }.map { EndingTrial(player: $0.player, endsAt: $0.endsAt!) }
            .sorted { ($0.endsAt, $0.player) < ($1.endsAt, $1.player) }

        var lastByUser: [MemberID: Timestamp] = [:]
        for m in inputs.proMembers {
            guard let t = m.lastActivity else { continue }
            lastByUser[m.player.member] = max(lastByUser[m.player.member] ?? t, t)
        }
        var inactive: [PlayerID: Timestamp?] = [:]
        for s in inputs.subscriptions where s.isPaying(at: now) {
            let last = lastByUser[s.player.member]
            if last.map({ $0.millisecondsSinceEpoch <= now.millisecondsSinceEpoch - proInactiveFor }) ?? true {
                inactive[s.player] = last
            }
        }
        let pro = inactive.map { InactivePro(player: $0.key, lastActivity: $0.value) }.sorted { $0.player < $1.player }
        return ChurnReport(header: header, fallingGuilds: falling, endingTrials: ending, inactivePro: pro)
    }
}
