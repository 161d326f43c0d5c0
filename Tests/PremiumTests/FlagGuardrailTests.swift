import Premium
import Storage
import Testing

/// The guardrail on both databases, from seeded analytics events: a drop beyond the threshold rolls
/// the flag back with its reason; no drop, or too few members, keeps it.
@Suite("Flag guardrail", .timeLimit(.minutes(3)))
struct FlagGuardrailTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
    static let day: Duration = .seconds(86_400)

    static func exposed(_ user: MemberID, flag: String, rollout: Int) -> Bool {
        FlagBucketing.normalizedValue(String(user.rawValue), group: flag) <= rollout
    }

    /// Trials started 10 days ago by `count` members; a member converts when `converts` says so.
    static func seedTrials(_ store: any PremiumStore, count: Int, converts: @escaping @Sendable (MemberID) -> Bool) async throws {
        let started = now.advanced(by: .zero - day * 10)
        var events: [AnalyticsEvent] = []
        for id in 1...count {
            let user = MemberID(UInt64(10_000 + id))
            let player = PlayerID(guild: GuildID(0), member: user)
            events.append(AnalyticsEvent(name: .trialStart, player: player, at: started))
            if converts(user) { events.append(AnalyticsEvent(name: .conversion, player: player, at: started.advanced(by: day * 3))) }
        }
        // A conversion before any trial in the window counts for nobody.
        events.append(AnalyticsEvent(name: .conversion, player: PlayerID(guild: GuildID(0), member: MemberID(1)), at: started))
        try await store.writePremium { [events] tx in try await tx.appendAnalyticsEvents(events) }
    }

    static func setFlag(_ store: any PremiumStore, _ name: String, rollout: Int, guardrail: GuardrailMetric) async throws {
        try await store.writePremium {
            try await $0.upsertFeatureFlag(FeatureFlag(name: name, rollout: rollout, guardrail: guardrail.rawValue, updatedAt: now))
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func aDropInTrialToPaidRollsTheFlagBackWithItsReason(_ database: PremiumTestDatabase) async throws {
        let flag = "new_paywall"
        try await database.withStore { store in
            // Exposed members convert 1 in 10, the rest 1 in 4: a 60% drop.
            try await Self.seedTrials(store, count: 600) { user in
                Self.exposed(user, flag: flag, rollout: 50) ? user.rawValue % 10 == 0 : user.rawValue % 4 == 0
            }
            try await Self.setFlag(store, flag, rollout: 50, guardrail: .trialToPaid)
            try await store.writePremium { try await $0.upsertFeatureFlag(FeatureFlag(name: "unguarded", rollout: 50, updatedAt: Self.now)) }
            let version = try await store.readPremium { try await $0.flagsVersion() }

            let results = try await FlagGuardrail(store: store, now: { Self.now }).check()
            let result = try #require(results.first)
            #expect(results.count == 1)  // the flag without a guardrail is not checked
            let users = (1...600).map { MemberID(UInt64(10_000 + $0)) }
            let inside = users.filter { Self.exposed($0, flag: flag, rollout: 50) }
            let outside = users.filter { !Self.exposed($0, flag: flag, rollout: 50) }
            #expect(result.exposed.users == inside.count)
            #expect(result.exposed.successes == inside.filter { $0.rawValue % 10 == 0 }.count)
            #expect(result.rest.users == outside.count)
            #expect(result.rest.successes == outside.filter { $0.rawValue % 4 == 0 }.count)
            #expect(result.verdict == .rolledBack)

            let stored = try await store.readPremium { try await $0.featureFlag(flag) }
            #expect(stored?.rollout == 0)
            #expect(stored?.guardrail == GuardrailMetric.trialToPaid.rawValue)
            let audit = try await store.readPremium { try await $0.flagAudit(flag) }
            #expect(audit.count == 1)
            #expect(audit.first?.actor == FlagGuardrail.actor)
            #expect(audit.first?.rolloutBefore == 50 && audit.first?.rolloutAfter == 0)
            #expect(audit.first?.reason.contains("trial_to_paid") == true)
            #expect(audit.first?.reason == result.description)
            // The change marker moved with it, so every process turns the flag off within a poll.
            #expect(try await store.readPremium { try await $0.flagsVersion() } == version + 1)

            // A second check finds nothing live to judge and writes nothing more.
            #expect(try await FlagGuardrail(store: store, now: { Self.now }).check().isEmpty)
            #expect(try await store.readPremium { try await $0.flagAudit(flag) }.count == 1)
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func noDropOrASmallDropKeepsTheFlag(_ database: PremiumTestDatabase) async throws {
        let flag = "same_rates"
        try await database.withStore { store in
            // Every fourth member converts on both sides.
            try await Self.seedTrials(store, count: 600) { $0.rawValue % 4 == 0 }
            try await Self.setFlag(store, flag, rollout: 50, guardrail: .trialToPaid)
            let result = try #require(try await FlagGuardrail(store: store, now: { Self.now }).check().first)
            #expect(result.verdict == .kept)
            #expect(abs(result.drop ?? 1) < 0.2)
            #expect(try await store.readPremium { try await $0.featureFlag(flag) }?.rollout == 50)
            #expect(try await store.readPremium { try await $0.flagAudit(flag) }.isEmpty)

            // A per-flag threshold above the drop keeps it too, even where the default would not.
            let strict = GuardrailConfiguration(threshold: 0.2, thresholds: [flag: 0.9])
            #expect(try await FlagGuardrail(store: store, configuration: strict, now: { Self.now }).check().first?.verdict == .kept)
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func tooFewMembersKeepsTheFlagWhateverTheRates(_ database: PremiumTestDatabase) async throws {
        let flag = "tiny"
        try await database.withStore { store in
            // Nobody exposed converts, but 120 members split in two are under the minimum of 100 a group.
            try await Self.seedTrials(store, count: 120) { user in !Self.exposed(user, flag: flag, rollout: 50) }
            try await Self.setFlag(store, flag, rollout: 50, guardrail: .trialToPaid)
            let result = try #require(try await FlagGuardrail(store: store, now: { Self.now }).check().first)
            #expect(result.verdict == .tooFewUsers)
            #expect(result.exposed.users + result.rest.users == 120)
            #expect(try await store.readPremium { try await $0.featureFlag(flag) }?.rollout == 50)
            // Lowered minimums judge the same members, and roll back.
            let loose = GuardrailConfiguration(minimumUsersPerGroup: 10, minimumSuccessesInRest: 5)
            #expect(try await FlagGuardrail(store: store, configuration: loose, now: { Self.now }).check().first?.verdict == .rolledBack)
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func aDropInSevenDayRetentionRollsBack(_ database: PremiumTestDatabase) async throws {
        let flag = "new_onboarding"
        try await database.withStore { store in
            let first = Self.now.advanced(by: .zero - Self.day * 20)
            var events: [AnalyticsEvent] = []
            var expectedExposed = (users: 0, back: 0)
            for id in 1...500 {
                let user = MemberID(UInt64(50_000 + id))
                let player = PlayerID(guild: GuildID(3), member: user)
                let isExposed = Self.exposed(user, flag: flag, rollout: 30)
                events.append(AnalyticsEvent(name: "first_seen", player: player, at: first))
                // Exposed members come back on day 8 one in five; the rest one in two. A visit on
                // day 6 is no retention.
                let back = isExposed ? id % 5 == 0 : id % 2 == 0
                events.append(AnalyticsEvent(name: "roll", player: player, at: first.advanced(by: Self.day * (back ? 8 : 6))))
                if isExposed {
                    expectedExposed.users += 1
                    expectedExposed.back += back ? 1 : 0
                }
            }
            // Members first seen less than 7 days ago are not in the cohort yet.
            events.append(AnalyticsEvent(name: "first_seen", player: PlayerID(guild: GuildID(3), member: MemberID(1)), at: Self.now))
            try await store.writePremium { [events] tx in try await tx.appendAnalyticsEvents(events) }
            try await Self.setFlag(store, flag, rollout: 30, guardrail: .d7Retention)

            let result = try #require(try await FlagGuardrail(store: store, now: { Self.now }).check().first)
            #expect(result.exposed.users == expectedExposed.users)
            #expect(result.exposed.successes == expectedExposed.back)
            #expect(result.exposed.users + result.rest.users == 500)
            #expect(result.verdict == .rolledBack)
            #expect(try await store.readPremium { try await $0.featureFlag(flag) }?.rollout == 0)
        }
    }

    @Test func aThresholdOutsideZeroToOneIsRefusedNamingTheFlag() {
        #expect(throws: GuardrailError.invalidConfiguration("guardrail threshold for talk must be between 0 and 1 (0.2 is 20%), not 20.0")) {
            try GuardrailConfiguration(thresholds: ["talk": 20]).validate()
        }
    }
}
