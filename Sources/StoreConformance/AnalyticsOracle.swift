import Analytics
import Foundation
import Storage

/// The reports computed straight from raw events, written from the definitions' text in
/// docs/analytics.md and sharing no code with the read model or `ReportDefinitions`: the property
/// test's oracle. `balances` are the players' points, which come from the ledger, not from events.
struct AnalyticsOracle {
    let events: [AnalyticsEvent]
    let balances: [PlayerID: Int64]
    static let day: Int64 = 86_400_000

    func int(_ e: AnalyticsEvent, _ key: String) -> Int64 { e.properties[key].flatMap { Int64($0) } ?? 0 }

    func inWindow(_ t: Timestamp, _ w: ReportWindow) -> Bool {
        let d = t.millisecondsSinceEpoch / Self.day
        return d <= w.lastDay && (w.firstDay.map { d >= $0 } ?? true)
    }

    func monday(_ day: Int64) -> Int64 {
        // Day 4 (1970-01-05) was a Monday.
        var d = day
        while (d - 4) % 7 != 0 { d -= 1 }
        return d
    }

    func bucket(_ day: Int64, _ g: Granularity) -> Int64 { g == .day ? day : monday(day) }

    struct Member {
        var seen: Timestamp?
        var roll: Timestamp?
        var talk: Timestamp?
        var trial: Timestamp?
        var conversion: Timestamp?
        var last: Timestamp?
    }

    var members: [PlayerID: Member] {
        var out: [PlayerID: Member] = [:]
        func earliest(_ a: Timestamp?, _ b: Timestamp) -> Timestamp { a.map { min($0, b) } ?? b }
        for e in events {
            var m = out[e.player] ?? Member()
            switch e.name.rawValue {
            case "first_seen": m.seen = earliest(m.seen, e.at)
            case "roll", "pull_5", "pull_10": m.roll = earliest(m.roll, e.at)
            case "first_talk", "talk": m.talk = earliest(m.talk, e.at)
            case "trial_start": m.trial = earliest(m.trial, e.at)
            case "conversion": m.conversion = earliest(m.conversion, e.at)
            default: break
            }
            if e.name.rawValue != "first_seen" { m.last = m.last.map { max($0, e.at) } ?? e.at }
            out[e.player] = m
        }
        return out
    }

    func cohortMembers(_ guild: GuildID?, _ w: ReportWindow) -> [(PlayerID, Member, Timestamp)] {
        members.compactMap { p, m in
            guard guild == nil || p.guild == guild, let seen = m.seen, inWindow(seen, w) else { return nil }
            return (p, m, seen)
        }
    }

    func funnel(_ h: ReportHeader) -> FunnelReport {
        var rows: [Int64: FunnelCohort] = [:]
        var total = FunnelCohort(startDay: h.window.firstDay ?? 0)
        for (_, m, seen) in cohortMembers(h.guild, h.window) {
            let end = seen.millisecondsSinceEpoch + 30 * Self.day
            func ok(_ t: Timestamp?, _ after: Timestamp?) -> Bool {
                guard let t, let after else { return false }
                return t >= after && t.millisecondsSinceEpoch < end
            }
            let rolled = ok(m.roll, seen)
            let talked = rolled && ok(m.talk, m.roll)
            let trial = talked && ok(m.trial, m.talk)
            let paid = trial && ok(m.conversion, m.trial)
            let b = bucket(seen.millisecondsSinceEpoch / Self.day, h.granularity)
            for i in 0..<2 {
                var c = i == 0 ? (rows[b] ?? FunnelCohort(startDay: b)) : total
                c.newMembers += 1
                c.rolled += rolled ? 1 : 0
                c.talked += talked ? 1 : 0
                c.trial += trial ? 1 : 0
                c.paid += paid ? 1 : 0
                if i == 0 { rows[b] = c } else { total = c }
            }
        }
        let cohorts = rows.keys.sorted().map { rows[$0]! }
        if h.window.firstDay == nil { total.startDay = cohorts.first?.startDay ?? h.window.lastDay }
        return FunnelReport(header: h, cohorts: cohorts, total: total)
    }

    func retention(_ h: ReportHeader) -> RetentionReport {
        var rows: [Int64: RetentionCohort] = [:]
        var total = RetentionCohort(startDay: h.window.firstDay ?? 0)
        for (p, _, seen) in cohortMembers(h.guild, h.window) {
            let b = bucket(seen.millisecondsSinceEpoch / Self.day, h.granularity)
            var cells: [(Bool, Bool)] = []
            for n in [Int64(1), 7, 30] {
                let threshold = seen.millisecondsSinceEpoch + n * Self.day
                let eligible = threshold <= h.window.end.millisecondsSinceEpoch
                // Any activity event (anything but first_seen) at or after the threshold.
                let retained = eligible && events.contains {
                    $0.player == p && $0.name.rawValue != "first_seen" && $0.at.millisecondsSinceEpoch >= threshold
                }
                cells.append((eligible, retained))
            }
            for i in 0..<2 {
                var c = i == 0 ? (rows[b] ?? RetentionCohort(startDay: b)) : total
                c.newMembers += 1
                c.d1.denominator += cells[0].0 ? 1 : 0
                c.d1.numerator += cells[0].1 ? 1 : 0
                c.d7.denominator += cells[1].0 ? 1 : 0
                c.d7.numerator += cells[1].1 ? 1 : 0
                c.d30.denominator += cells[2].0 ? 1 : 0
                c.d30.numerator += cells[2].1 ? 1 : 0
                if i == 0 { rows[b] = c } else { total = c }
            }
        }
        let cohorts = rows.keys.sorted().map { rows[$0]! }
        if h.window.firstDay == nil { total.startDay = cohorts.first?.startDay ?? h.window.lastDay }
        return RetentionReport(header: h, cohorts: cohorts, total: total)
    }

    func windowEvents(_ h: ReportHeader) -> [AnalyticsEvent] {
        events.filter { (h.guild == nil || $0.player.guild == h.guild) && inWindow($0.at, h.window) }
    }

    func economy(_ h: ReportHeader) -> EconomyReport {
        var rows: [Int64: EconomyBucket] = [:]
        var total = EconomyBucket(startDay: h.window.firstDay ?? 0)
        var items: [String: Int64] = [:]
        var active = Set<PlayerID>()
        for e in windowEvents(h) {
            let b = bucket(e.at.millisecondsSinceEpoch / Self.day, h.granularity)
            if e.name.rawValue != "first_seen" { active.insert(e.player) }
            switch e.name.rawValue {
            case "points_earned":
                rows[b, default: EconomyBucket(startDay: b)].minted[e.properties["reason"] ?? "", default: 0] += int(e, "amount")
                total.minted[e.properties["reason"] ?? "", default: 0] += int(e, "amount")
            case "points_spent":
                rows[b, default: EconomyBucket(startDay: b)].burned[e.properties["reason"] ?? "", default: 0] += int(e, "amount")
                total.burned[e.properties["reason"] ?? "", default: 0] += int(e, "amount")
            case "shop_purchase": items[e.properties["item"] ?? "", default: 0] += 1
            case "pack_subscribed": items["pack_subscription", default: 0] += 1
            default: break
            }
        }
        let buckets = rows.keys.sorted().map { rows[$0]! }
        if h.window.firstDay == nil { total.startDay = buckets.first?.startDay ?? h.window.lastDay }
        let popularity = items.map { ItemPopularity(item: $0.key, purchases: $0.value) }.sorted {
            $0.purchases != $1.purchases ? $0.purchases > $1.purchases : $0.item < $1.item
        }
        let held = balances.filter { h.guild == nil || $0.key.guild == h.guild }.values.sorted()
        var median: Double?
        var share: Double?
        if !held.isEmpty {
            let n = held.count
            median = n.isMultiple(of: 2) ? (Double(held[n / 2 - 1]) + Double(held[n / 2])) / 2 : Double(held[n / 2])
            let sum = held.reduce(0, +)
            let top = held.suffix(Int((Double(n) / 100).rounded(.up))).reduce(0, +)
            share = sum == 0 ? nil : Double(top) / Double(sum)
        }
        let spent = total.burned.values.reduce(0, +)
        return EconomyReport(
            header: h, buckets: buckets, total: total, spentPerActiveMember: active.isEmpty ? nil : Double(spent) / Double(active.count),
            activeMembers: Int64(active.count), items: popularity, balanceMedian: median, top1PercentShare: share)
    }

    func ai(_ h: ReportHeader) -> AIReport {
        var tokens: [Int64] = []
        var cost: Int64 = 0
        var talkers = Set<PlayerID>()
        var costs: [GuildID: Int64] = [:]
        var revenue: [GuildID: Int64] = [:]
        for e in windowEvents(h) {
            switch e.name.rawValue {
            case "ai_tokens":
                tokens.append(int(e, "tokens"))
                cost += int(e, "cost_micros")
                costs[e.player.guild, default: 0] += int(e, "cost_micros")
            case "talk", "first_talk": talkers.insert(e.player)
            case "conversion", "subscription_renewed":
                if int(e, "amount") > 0 { revenue[e.player.guild, default: 0] += int(e, "amount") }
            default: break
            }
        }
        tokens.sort()
        func quantile(_ p: Double) -> Double? {
            guard !tokens.isEmpty else { return nil }
            let h = Double(tokens.count - 1) * p
            let i = Int(h)
            let f = h - Double(i)
            let a = Double(tokens[i])
            return f > 0 ? a + f * (Double(tokens[min(i + 1, tokens.count - 1)]) - a) : a
        }
        let sum = tokens.reduce(0, +)
        let guilds = costs.map { g, c in
            GuildAICost(
                guild: g, costMicros: c, revenue: revenue[g] ?? 0,
                costToRevenue: (revenue[g] ?? 0) == 0 ? nil : (Double(c) / 1_000_000) / (Double(revenue[g]!) / 100))
        }.sorted { $0.costMicros != $1.costMicros ? $0.costMicros > $1.costMicros : $0.guild < $1.guild }
        return AIReport(
            header: h, calls: Int64(tokens.count), tokens: sum, tokensPerCallMean: tokens.isEmpty ? nil : Double(sum) / Double(tokens.count),
            tokensPerCallP50: quantile(0.5), tokensPerCallP95: quantile(0.95), costMicros: cost, talkingMembers: Int64(talkers.count),
            costPerTalkingMember: talkers.isEmpty ? nil : Double(cost) / Double(talkers.count), guilds: guilds)
    }

    struct Subscription {
        var guild: UInt64 = 0
        var member: UInt64 = 0
        var paidFrom: Timestamp?
        var ended: Timestamp?
        var latestPriced: (Timestamp, Double)?
    }

    /// Subscriptions as the events describe them, attributed to the largest guild id among their events.
    var subscriptions: [String: Subscription] {
        var out: [String: Subscription] = [:]
        for e in events {
            guard ["conversion", "subscription_renewed", "subscription_canceled", "trial_start", "trial_end"].contains(e.name.rawValue),
                let id = e.properties["subscription"]
            else { continue }
            var s = out[id] ?? Subscription()
            s.guild = max(s.guild, e.player.guild.rawValue)
            s.member = max(s.member, e.player.member.rawValue)
            let amount = int(e, "amount")
            let paidSignal =
                (e.name.rawValue == "conversion" && amount > 0) || e.name.rawValue == "subscription_renewed"
                || (e.name.rawValue == "trial_end" && e.properties["outcome"] == "active")
            if paidSignal { s.paidFrom = s.paidFrom.map { min($0, e.at) } ?? e.at }
            if e.name.rawValue == "subscription_canceled" { s.ended = s.ended.map { min($0, e.at) } ?? e.at }
            if ["conversion", "subscription_renewed"].contains(e.name.rawValue) && amount > 0 {
                let monthly = e.properties["interval"] == "year" ? Double(amount) / 12 : Double(amount)
                if let (t, m) = s.latestPriced, t > e.at || (t == e.at && m >= monthly) {
                } else {
                    s.latestPriced = (e.at, monthly)
                }
            }
            out[id] = s
        }
        return out
    }

    func paying(_ s: Subscription, _ t: Timestamp) -> Bool {
        guard let from = s.paidFrom, from <= t else { return false }
        return s.ended.map { t < $0 } ?? true
    }

    func revenue(_ h: ReportHeader) -> RevenueReport {
        let subs = subscriptions.filter { h.guild == nil || $0.value.guild == h.guild?.rawValue }.sorted { $0.key < $1.key }.map(\.value)
        func mrr(_ list: [Subscription], _ t: Timestamp) -> Double {
            list.filter { paying($0, t) }.reduce(0) { $0 + ($1.latestPriced?.1 ?? 0) }
        }
        func customers(_ list: [Subscription], _ t: Timestamp) -> Set<UInt64> { Set(list.filter { paying($0, t) }.map(\.member)) }
        let now = h.window.end
        let m = mrr(subs, now)
        let payingCount = customers(subs, now).count
        let first = h.window.firstDay ?? subs.compactMap { $0.paidFrom.map { $0.millisecondsSinceEpoch / Self.day } }.min() ?? h.window.lastDay
        var series: [MRRPoint] = []
        var d = bucket(first, h.granularity)
        while d <= h.window.lastDay {
            let next = d + (h.granularity == .day ? 1 : 7)
            series.append(MRRPoint(day: d, mrr: mrr(subs, min(Timestamp(millisecondsSinceEpoch: next * Self.day - 1), now))))
            d = next
        }
        var received: [GuildID: Int64] = [:]
        for e in windowEvents(h) where ["conversion", "subscription_renewed"].contains(e.name.rawValue) && int(e, "amount") > 0 {
            received[e.player.guild, default: 0] += int(e, "amount")
        }
        var ids = Set(received.keys)
        for s in subs where paying(s, now) { ids.insert(GuildID(s.guild)) }
        let guilds = ids.map { g -> GuildRevenue in
            let own = subs.filter { $0.guild == g.rawValue }
            let gm = mrr(own, now)
            let gp = customers(own, now).count
            return GuildRevenue(guild: g, mrr: gm, payingCustomers: Int64(gp), arpu: gp == 0 ? nil : gm / Double(gp), revenue: received[g] ?? 0)
        }.sorted { a, b in
            if a.revenue != b.revenue { return a.revenue > b.revenue }
            if a.mrr != b.mrr { return a.mrr > b.mrr }
            return a.guild < b.guild
        }
        var started: Int64 = 0
        var converted: Int64 = 0
        for t in trials(h.guild) where inWindow(t.start, h.window) && t.start <= now {
            started += 1
            // Conversions are looked for among the report's (guild's) subscriptions.
            if subs.contains(where: {
                $0.member == t.player.member.rawValue
                    && ($0.paidFrom.map { $0 >= t.start && $0.millisecondsSinceEpoch < t.start.millisecondsSinceEpoch + 30 * Self.day } ?? false)
            }) {
                converted += 1
            }
        }
        let monthAgo = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - 30 * Self.day)
        let before = customers(subs, monthAgo)
        let lost = before.subtracting(customers(subs, now)).count
        let arpu = payingCount == 0 ? nil : m / Double(payingCount)
        let churnRate = before.isEmpty ? nil : Double(lost) / Double(before.count)
        return RevenueReport(
            header: h, mrr: m, payingCustomers: Int64(payingCount), arpu: arpu, mrrSeries: series, guilds: guilds,
            trialToPaid: Ratio(converted, of: started), monthlyChurn: Ratio(Int64(lost), of: Int64(before.count)),
            ltv: (arpu != nil && (churnRate ?? 0) > 0) ? arpu! / churnRate! : nil)
    }

    struct Trial {
        var player: PlayerID
        var start: Timestamp
        var ends: Timestamp?
        var ended: Bool
        var method: Bool
    }

    /// One trial per user: the earliest start, the largest guild id among its events.
    func trials(_ guild: GuildID?) -> [Trial] {
        var byUser: [UInt64: (guild: UInt64, start: Timestamp?, ends: Int64?, ended: Bool, method: Bool?)] = [:]
        for e in events where e.name.rawValue == "trial_start" || e.name.rawValue == "trial_end" {
            var t = byUser[e.player.member.rawValue] ?? (0, nil, nil, false, nil)
            t.guild = max(t.guild, e.player.guild.rawValue)
            if e.name.rawValue == "trial_start" {
                t.start = t.start.map { min($0, e.at) } ?? e.at
                let ends = int(e, "trial_end") * 1000
                t.ends = max(t.ends ?? ends, ends)
                let method = (e.properties["source"] ?? "stripe") != "local"
                t.method = (t.method ?? false) || method
            } else {
                t.ended = true
            }
            byUser[e.player.member.rawValue] = t
        }
        return byUser.compactMap { user, t in
            guard let start = t.start, guild == nil || t.guild == guild?.rawValue else { return nil }
            return Trial(
                player: PlayerID(guild: GuildID(t.guild), member: MemberID(user)), start: start,
                ends: t.ends.map { Timestamp(millisecondsSinceEpoch: $0) }, ended: t.ended, method: t.method ?? true)
        }
    }

    func churn(_ h: ReportHeader) -> ChurnReport {
        let now = h.window.end
        let today = now.millisecondsSinceEpoch / Self.day
        func active(_ from: Int64, _ to: Int64) -> [GuildID: Int] {
            var sets: [GuildID: Set<MemberID>] = [:]
            for e in events where e.name.rawValue != "first_seen" && (h.guild == nil || e.player.guild == h.guild) {
                let d = e.at.millisecondsSinceEpoch / Self.day
                if d >= from && d <= to { sets[e.player.guild, default: []].insert(e.player.member) }
            }
            return sets.mapValues(\.count)
        }
        let last = active(today - 6, today)
        let previous = (1...4).map { w in active(today - Int64(w) * 7 - 6, today - Int64(w) * 7) }
        var guildIDs = Set(last.keys)
        for p in previous { guildIDs.formUnion(p.keys) }
        let falling = guildIDs.compactMap { g -> FallingGuild? in
            let average = Double(previous.reduce(0) { $0 + ($1[g] ?? 0) }) / 4
            let recent = last[g] ?? 0
            guard average >= 10, Double(recent) <= average / 2 else { return nil }
            return FallingGuild(guild: g, lastWeek: Int64(recent), previousWeeklyAverage: average)
        }.sorted { $0.drop != $1.drop ? $0.drop > $1.drop : $0.guild < $1.guild }
        let ending = trials(h.guild).filter { t in
            guard !t.ended, !t.method, let ends = t.ends else { return false }
            return ends > now && ends.millisecondsSinceEpoch - now.millisecondsSinceEpoch <= 3 * Self.day
        }.map { EndingTrial(player: $0.player, endsAt: $0.ends!) }.sorted { ($0.endsAt, $0.player) < ($1.endsAt, $1.player) }
        var lastActivity: [UInt64: Timestamp] = [:]
        for e in events where e.name.rawValue != "first_seen" {
            lastActivity[e.player.member.rawValue] = max(lastActivity[e.player.member.rawValue] ?? e.at, e.at)
        }
        var inactive: [PlayerID: Timestamp?] = [:]
        for s in subscriptions.values where paying(s, now) && (h.guild == nil || s.guild == h.guild?.rawValue) {
            let seen = lastActivity[s.member]
            if seen == nil || now.millisecondsSinceEpoch - seen!.millisecondsSinceEpoch >= 14 * Self.day {
                inactive[PlayerID(guild: GuildID(s.guild), member: MemberID(s.member))] = seen
            }
        }
        return ChurnReport(
            header: h, fallingGuilds: falling, endingTrials: ending,
            inactivePro: inactive.map { InactivePro(player: $0.key, lastActivity: $0.value) }.sorted { $0.player < $1.player })
    }
}
