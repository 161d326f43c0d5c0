import Foundation
import Premium
import PostgresStorage
import SQLiteStorage
import Storage
import Testing

/// Tier limits from configuration, counted atomically with the action: a warning once per period
/// at 80%, and at 100% a refusal that says when it resets, the free way and what Pro allows.
@Suite struct UsageMeterTests {
    static let json = Data("""
        {
          "warning_fraction": 0.8,
          "meters": {
            "rolls": { "period": "hour", "scope": "user", "free_alternative": "Claim /daily for more rolls, or spend points in /shop." },
            "packs_enabled": { "period": "month", "scope": "guild" }
          },
          "tiers": {
            "free": { "rolls": 5, "packs_enabled": 2 },
            "pro": { "rolls": 50 }
          }
        }
        """.utf8)
    static let user = MemberID(31)
    static let guild = GuildID(7)
    /// 2025-10-09T10:13:20Z
    static let t0 = Timestamp.seconds(1_760_004_800)

    @Test func theConfigurationIsReadAndCheckedNamingTheKeyAtFault() throws {
        let limits = try UsageLimits.decode(Self.json)
        #expect(limits.limit("rolls", tier: .free) == 5)
        #expect(limits.limit("packs_enabled", tier: .pro) == nil)
        #expect(limits.meters["rolls"]?.period == .hour)
        #expect(limits.meters["packs_enabled"]?.scope == .guild)
        #expect(limits.warningThreshold(limit: 5) == 4)
        #expect(limits.warningThreshold(limit: 1) == nil)

        let cases: [(String, UsageLimitsError)] = [
            (#"{"meters":{"rolls":{"period":"fortnight"}},"tiers":{"free":{}}}"#,
             .invalid(path: "meters.rolls.period", reason: "must be hour, day, week or month, not \"fortnight\"")),
            (#"{"meters":{},"tiers":{"free":{"rolls":3}}}"#, .invalid(path: "tiers.free.rolls", reason: "names no meter in \"meters\"")),
            (#"{"meters":{"rolls":{"period":"day"}},"tiers":{"free":{"rolls":-1}}}"#, .invalid(path: "tiers.free.rolls", reason: "must be 0 or more")),
            (#"{"meters":{"rolls":{"period":"day"}},"tiers":{"pro":{}}}"#, .invalid(path: "tiers.free", reason: "is missing")),
            (#"{"meters":{"rolls":{}},"tiers":{"free":{}}}"#, .invalid(path: "meters.rolls.period", reason: "is missing")),
            (#"{"meters":{"rolls":{"period":"day"}},"tiers":{"free":{"rolls":"ten"}}}"#, .invalid(path: "tiers.free.rolls", reason: "has the wrong type")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try UsageLimits.decode(Data(text.utf8)) }
        }
    }

    @Test func periodsAreAlignedToUTC() {
        let (hourStart, hourReset) = UsagePeriod.hour.bounds(containing: Self.t0)
        #expect(hourStart == .seconds(1_760_004_000))
        #expect(hourReset == .seconds(1_760_007_600))
        // 2025-10-01T00:00:00Z to 2025-11-01T00:00:00Z.
        let (monthStart, monthReset) = UsagePeriod.month.bounds(containing: Self.t0)
        #expect(monthStart == .seconds(1_759_276_800))
        #expect(monthReset == .seconds(1_761_955_200))
        // Monday 2025-10-06T00:00:00Z.
        #expect(UsagePeriod.week.bounds(containing: Self.t0).start == .seconds(1_759_708_800))
    }

    @Test(arguments: PremiumTestDatabase.available)
    func warnsOnceAtEightyPercentAndRefusesAtTheLimitWithAWayForward(_ database: PremiumTestDatabase) async throws {
        switch database {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("usage-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
            defer { try? store.close() }
            try await Self.limitScenario(store)
        case .postgres:
            let url = try #require(PremiumTestDatabase.postgresURL)
            try await PostgresStore.withTemporaryDatabase(serverURL: url, prefix: "gachabot_premium", logger: PremiumTestDatabase.logger) { store in
                try await Self.limitScenario(store)
            }
        }
    }

    /// Generic over the store: the action runs on the database's own transaction type.
    static func limitScenario<S: Store & PremiumStore>(_ store: S) async throws where S.Transaction: PremiumTransaction {
        let meter = UsageMeter(limits: try UsageLimits.decode(Self.json))
        let player = PlayerID(guild: Self.guild, member: Self.user)
        try await store.write { try await $0.ensurePlayer(player, at: Self.t0) }

        var warnings: [Int64] = []
        for roll in 1...5 {
            let decision = try await meter.countAndAct(
                store: store, meter: "rolls", user: Self.user, guild: Self.guild, tier: .free, at: Self.t0
            ) { tx in
                // The action: a points change in the same transaction as the count.
                try await tx.appendLedgerEntry(LedgerEntry(player: player, amount: 1, reason: "roll", idempotencyKey: "roll-\(roll)", at: Self.t0))
            }
            guard case .allowed(_, let count, let limit, let warning) = decision else {
                Issue.record("roll \(roll) was refused")
                return
            }
            #expect(count == Int64(roll))
            #expect(limit == 5)
            if let warning { warnings.append(warning.count) }
        }
        #expect(warnings == [4])
        let refused = try await meter.countAndAct(store: store, meter: "rolls", user: Self.user, guild: Self.guild, tier: .free, at: Self.t0) { tx in
            try await tx.appendLedgerEntry(LedgerEntry(player: player, amount: 1, reason: "roll", idempotencyKey: "roll-6", at: Self.t0))
        }
        guard case .limitReached(let reached) = refused else {
            Issue.record("the sixth roll was allowed")
            return
        }
        #expect(reached.count == 5)
        #expect(reached.resetsAt == .seconds(1_760_007_600))
        #expect(reached.freeAlternative == "Claim /daily for more rolls, or spend points in /shop.")
        #expect(reached.upgrade == UpgradePrompt(tier: .pro, limit: 50))
        // The refused action did not run.
        #expect(try await store.read { try await $0.balance(player) } == 5)
        #expect(try await store.read { try await $0.analyticsEvents(player: player, name: .usageWarning, limit: 10) }.count == 1)
        #expect(try await store.read { try await $0.analyticsEvents(player: player, name: .limitReached, limit: 10) }.count == 1)
        #expect(try await store.read { try await $0.analyticsEvents(player: player, name: .upgradePromptShown, limit: 10) }.count == 1)

        // The next hour counts again from zero; Pro has its own, higher limit.
        let nextHour = Timestamp.seconds(1_760_007_600)
        let again = try await meter.countAndAct(store: store, meter: "rolls", user: Self.user, guild: Self.guild, tier: .free, at: nextHour) { _ in 1 }
        guard case .allowed(_, let count, _, _) = again else {
            Issue.record("the next hour was refused")
            return
        }
        #expect(count == 1)
        let pro = try await meter.countAndAct(store: store, meter: "rolls", user: Self.user, guild: Self.guild, tier: .pro, at: Self.t0) { _ in 1 }
        guard case .allowed(_, let proCount, let proLimit, _) = pro else {
            Issue.record("Pro was refused below its limit")
            return
        }
        #expect(proCount == 6)
        #expect(proLimit == 50)
        let audit = try await store.readPremium {
            try await $0.usageAudit(UsageKey(subject: .user(Self.user), meter: "rolls", periodStart: .seconds(1_760_004_000)))
        }
        #expect(audit.map(\.countAfter) == [1, 2, 3, 4, 5, 6])
    }
}
