import Clocks
import Storage

/// Seeded, realistic-looking member activity for demos, benchmarks and tests: the events the game,
/// talk and premium areas append, with the distributions documented in docs/analytics.md
/// ("Synthetic data"). The same parameters and seed give the same events.
public struct SyntheticActivity: Sendable {
    public var guilds: Int
    public var members: Int
    /// The target number of events in all; each member gets about `events ÷ members`.
    public var events: Int
    public var days: Int
    public var seed: UInt64
    /// The end of the generated period: every event is before it.
    public var end: Timestamp
    /// The first guild id; guilds are `firstGuild …`.
    public var firstGuild: UInt64 = 1_000
    /// The first member id; members are `firstMember …`.
    public var firstMember: UInt64 = 1_000_000

    public init(guilds: Int, members: Int, events: Int, days: Int, seed: UInt64, end: Timestamp) {
        self.guilds = guilds
        self.members = members
        self.events = events
        self.days = days
        self.seed = seed
        self.end = end
    }

    /// Why the parameters cannot make activity, or nil.
    public var problem: String? {
        if guilds < 1 { return "--guilds must be at least 1 (got \(guilds))" }
        if members < guilds { return "--members must be at least --guilds (got \(members) members for \(guilds) guilds)" }
        if events < members { return "--events must be at least --members: each member gets a first_seen (got \(events))" }
        if days < 1 { return "--days must be at least 1 (got \(days))" }
        return nil
    }

    /// Shop items with their prices and shares of purchases.
    static let items: [(id: String, price: Int64, weight: Int)] = [("extra_roll", 100, 2), ("pull_5", 450, 5), ("pull_10", 850, 3)]
    static let dayMs: Int64 = 86_400_000

    /// Calls `body` with each member's events (time order within a member), member by member, so
    /// millions of events never sit in memory at once.
    public func generate(_ body: ([AnalyticsEvent]) async throws -> Void) async throws {
        let perMember = max(1, events / max(members, 1))
        let extra = events - perMember * members
        for index in 0..<members {
            var random = SeededRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
            let count = perMember + (index < extra ? 1 : 0)
            try await body(memberEvents(index: index, count: count, random: &random))
        }
    }

    public func memberEvents(index: Int, count: Int, random: inout SeededRandom) -> [AnalyticsEvent] {
        let guild = GuildID(firstGuild + UInt64(index % guilds))
        let player = PlayerID(guild: guild, member: MemberID(firstMember + UInt64(index)))
        let start = end.millisecondsSinceEpoch - Int64(days) * Self.dayMs
        let span = Int64(days) * Self.dayMs
        // first_seen uniform over the period.
        let seen = start + Int64.random(in: 0..<span, using: &random)
        var out = [AnalyticsEvent(name: "first_seen", player: player, at: Timestamp(millisecondsSinceEpoch: seen))]
        guard count > 1 else { return out }
        // Activity times: uniform between first_seen and the end, sorted; 70% of members stay
        // within their first 14 days (most members drift away), the rest use the whole range.
        let longTerm = Double.random(in: 0..<1, using: &random) < 0.3
        let horizon = longTerm ? end.millisecondsSinceEpoch - seen : min(14 * Self.dayMs, end.millisecondsSinceEpoch - seen)
        var times = (1..<count).map { _ in seen + Int64.random(in: 0..<max(horizon, 1), using: &random) }
        times.sort()
        // The funnel: 80% roll, half of those talk, 20% of talkers start a trial, 30% of trials pay.
        let rolls = Double.random(in: 0..<1, using: &random) < 0.8
        let talks = rolls && Double.random(in: 0..<1, using: &random) < 0.5
        let trials = talks && Double.random(in: 0..<1, using: &random) < 0.2
        let pays = trials && Double.random(in: 0..<1, using: &random) < 0.3
        var talked = false
        var trialStarted = false
        var paid = false
        let subscription = "sub_seed_\(player.member.rawValue)"
        for (i, t) in times.enumerated() {
            let at = Timestamp(millisecondsSinceEpoch: t)
            let roll = Int.random(in: 0..<100, using: &random)
            // The funnel's steps come first, in order, once each.
            if talks && !talked && i >= 1 {
                talked = true
                out.append(AnalyticsEvent(name: "first_talk", player: player, at: at, properties: ["character": "seed"]))
                continue
            }
            if trials && talked && !trialStarted && i >= 3 {
                trialStarted = true
                out.append(
                    AnalyticsEvent(
                        name: "trial_start", player: player, at: at,
                        properties: ["source": "local", "trial_end": String((t + 7 * Self.dayMs) / 1000), "amount": "0"]))
                continue
            }
            if pays && trialStarted && !paid && i >= 5 {
                paid = true
                out.append(
                    AnalyticsEvent(
                        name: "conversion", player: player, at: at,
                        properties: ["amount": "499", "currency": "usd", "subscription": subscription]))
                continue
            }
            switch roll {
            case 0..<45 where rolls:
                out.append(AnalyticsEvent(name: "roll", player: player, at: at, properties: ["rarity": "common"]))
            case 45..<65:
                let reason = ["daily", "daily", "duplicate", "duplicate", "release"][Int.random(in: 0..<5, using: &random)]
                let amount: Int64 = reason == "daily" ? 50 : Int64.random(in: 5...50, using: &random)
                out.append(AnalyticsEvent(name: "points_earned", player: player, at: at, properties: ["amount": String(amount), "reason": reason]))
            case 65..<75 where rolls:
                var pick = Int.random(in: 0..<10, using: &random)
                var item = Self.items[0]
                for candidate in Self.items {
                    if pick < candidate.weight { item = candidate; break }
                    pick -= candidate.weight
                }
                out.append(
                    AnalyticsEvent(
                        name: "points_spent", player: player, at: at, properties: ["amount": String(item.price), "reason": "shop_purchase"]))
                out.append(AnalyticsEvent(name: "shop_purchase", player: player, at: at, properties: ["item": item.id, "price": String(item.price)]))
            case 75..<95 where talked:
                let tokens = Int64.random(in: 200...2_000, using: &random)
                out.append(AnalyticsEvent(name: "talk", player: player, at: at, properties: ["character": "seed"]))
                out.append(
                    AnalyticsEvent(
                        name: "ai_tokens", player: player, at: at,
                        properties: ["tokens": String(tokens), "cost_micros": String(tokens * 2), "purpose": "reply"]))
            case 95..<100 where paid:
                out.append(
                    AnalyticsEvent(
                        name: (roll == 99 ? "subscription_canceled" : "subscription_renewed"), player: player, at: at,
                        properties: ["amount": "499", "currency": "usd", "subscription": subscription]))
            default:
                if rolls {
                    out.append(AnalyticsEvent(name: "roll", player: player, at: at, properties: ["rarity": "common"]))
                } else {
                    out.append(AnalyticsEvent(name: "points_earned", player: player, at: at, properties: ["amount": "50", "reason": "daily"]))
                }
            }
        }
        return out
    }
}
