import Foundation
import Premium
import Storage
import Testing

/// Price experiments: sticky assignment at first exposure (one row and one exposure event however
/// many first exposures race), the per-variant report's arithmetic, and the parity refusal.
@Suite("Price experiments", .timeLimit(.minutes(2)))
struct PriceExperimentTests {
    static let at = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
    static let discord = Money(amount: 499, currency: "usd")

    static func experiment(lowWeight: Int = 1, highWeight: Int = 1) -> PriceExperiment {
        PriceExperiment(
            name: "pro_price_2026", flag: "pro_price_test",
            variants: [
                PriceVariant(name: "low", stripePrice: "price_low", price: Money(amount: 499, currency: "usd"), weight: lowWeight),
                PriceVariant(name: "high", stripePrice: "price_high", price: Money(amount: 699, currency: "usd"), weight: highWeight),
            ])
    }

    static func service(_ store: any PremiumStore, _ experiment: PriceExperiment, flags: FeatureFlags) -> PriceExperimentService {
        PriceExperimentService(
            store: store, configuration: PriceExperimentConfiguration(discordSKUPrice: discord, experiment: experiment), flags: flags,
            now: { at })
    }

    @Test(arguments: PremiumTestDatabase.available)
    func concurrentFirstExposuresRecordOneAssignmentAndOneExposure(_ database: PremiumTestDatabase) async throws {
        try await database.withTwoStores { first, second in
            try await first.writePremium { try await $0.upsertFeatureFlag(FeatureFlag(name: "pro_price_test", rollout: 100, updatedAt: Self.at)) }
            let flags = FeatureFlags()
            try await flags.refresh(from: first)
            let user = MemberID(31_337)
            let services = [Self.service(first, Self.experiment(), flags: flags), Self.service(second, Self.experiment(), flags: flags)]
            let chosen = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<16 {
                    group.addTask { try await services[index % 2].variant(for: user, guild: GuildID(5))?.name }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(chosen.count == 16)
            #expect(Set(chosen).count == 1)
            let assignments = try await first.readPremium { try await $0.experimentAssignments("pro_price_2026") }
            #expect(assignments.count == 1)
            #expect(assignments.first?.variant == chosen.first ?? nil)
            let exposures = try await first.readPremium { try await $0.analyticsEvents(player: nil, name: .experimentExposure, limit: 100) }
            #expect(exposures.count == 1)
            #expect(exposures.first?.properties["variant"] == assignments.first?.variant)
            #expect(exposures.first?.properties["experiment"] == "pro_price_2026")

            // Sticky: new weights that would send every new member to the other variant leave
            // this member where the first exposure put them.
            let recorded = try #require(assignments.first?.variant)
            let reweighted = recorded == "low" ? Self.experiment(lowWeight: 1, highWeight: 1_000) : Self.experiment(lowWeight: 1_000, highWeight: 1)
            #expect(try await Self.service(first, reweighted, flags: flags).variant(for: user, guild: nil)?.name == recorded)
            #expect(try await first.readPremium { try await $0.analyticsEvents(player: nil, name: .experimentExposure, limit: 100) }.count == 1)
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func aMemberOutsideTheFlagPaysTheDefaultAndIsNotExposed(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store in
            try await store.writePremium { try await $0.upsertFeatureFlag(FeatureFlag(name: "pro_price_test", rollout: 100, killed: true, updatedAt: Self.at)) }
            let flags = FeatureFlags()
            try await flags.refresh(from: store)
            #expect(try await Self.service(store, Self.experiment(), flags: flags).variant(for: MemberID(1), guild: nil) == nil)
            #expect(try await store.readPremium { try await $0.experimentAssignments("pro_price_2026") }.isEmpty)
        }
    }

    /// The report from the store: three members per variant exposed, outcomes seeded by hand.
    @Test(arguments: PremiumTestDatabase.available)
    func theReportCountsEachMemberOnceAndDividesRevenueByExposures(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store in
            let name = "pro_price_2026"
            try await store.writePremium { tx in
                for (id, variant) in [(1, "low"), (2, "low"), (3, "low"), (4, "high"), (5, "high"), (6, "high")] {
                    _ = try await tx.recordExperimentAssignment(
                        ExperimentAssignment(experiment: name, user: MemberID(UInt64(id)), variant: variant, assignedAt: Self.at))
                }
                func event(_ event: EventName, _ id: UInt64, amount: Int64, minutes: Int64 = 1) -> AnalyticsEvent {
                    AnalyticsEvent(
                        name: event, player: PlayerID(guild: GuildID(0), member: MemberID(id)), at: Self.at.advanced(by: .seconds(minutes * 60)),
                        properties: ["amount": String(amount), "currency": "usd"])
                }
                try await tx.appendAnalyticsEvents([
                    // low: member 1 pays at checkout then renews; member 2 takes a trial (0) and never pays.
                    event(.conversion, 1, amount: 499), event(.subscriptionRenewed, 1, amount: 499, minutes: 60),
                    event(.conversion, 2, amount: 0),
                    // high: member 4 pays at checkout; member 5 completes Checkout twice, paying once.
                    event(.conversion, 4, amount: 699), event(.conversion, 5, amount: 699), event(.conversion, 5, amount: 0, minutes: 2),
                    // Not counted: before the assignment, another event name, a member never exposed.
                    event(.conversion, 6, amount: 699, minutes: -5), event(.paymentFailed, 6, amount: 699), event(.conversion, 9, amount: 699),
                ])
            }
            let (assignments, outcomes) = try await store.readPremium { reader in
                (try await reader.experimentAssignments(name), try await reader.experimentOutcomes(name))
            }
            let report = ExperimentReport(experiment: name, assignments: assignments, outcomes: outcomes)
            let high = try #require(report.rows.first { $0.variant == "high" })
            let low = try #require(report.rows.first { $0.variant == "low" })
            #expect(report.rows.map(\.variant) == ["high", "low"])
            #expect(low.exposures == 3 && low.checkouts == 2 && low.paidConversions == 1 && low.revenue == ["usd": 998])
            #expect(low.revenuePerExposure == ["usd": 332])  // 998 / 3, rounded down
            #expect(high.exposures == 3 && high.checkouts == 2 && high.paidConversions == 2 && high.revenue == ["usd": 1_398])
            #expect(high.revenuePerExposure == ["usd": 466])
            #expect(report.description.contains("low: exposures 3, checkouts 2, paid conversions 1, revenue 998 USD, revenue per exposed member 332 USD"))
        }
    }

    @Test func aStripeVariantBelowTheDiscordPriceIsRefusedNamingIt() throws {
        var experiment = Self.experiment()
        experiment.variants.append(PriceVariant(name: "cheap", stripePrice: "price_cheap", price: Money(amount: 399, currency: "usd")))
        let configuration = PriceExperimentConfiguration(discordSKUPrice: Self.discord, experiment: experiment)
        #expect(throws: PriceExperimentError.belowDiscordPrice(
            experiment: "pro_price_2026", variant: "cheap", stripe: Money(amount: 399, currency: "usd"), discord: Self.discord)) {
            try configuration.validate()
        }
        do {
            try configuration.validate()
        } catch {
            #expect("\(error)".contains("variant cheap") && "\(error)".contains("399 USD") && "\(error)".contains("499 USD"))
        }
        // The same refusal from the JSON file the README documents; an equal price passes.
        let json = """
            {"discord_sku_price": {"amount": 499, "currency": "usd"},
             "experiment": {"name": "pro_price_2026", "flag": "pro_price_test", "variants": [
                {"name": "same", "stripe_price": "price_same", "price": {"amount": 499, "currency": "usd"}, "weight": 1},
                {"name": "cheap", "stripe_price": "price_cheap", "price": {"amount": 450, "currency": "usd"}, "weight": 1}]}}
            """
        #expect(throws: PriceExperimentError.belowDiscordPrice(
            experiment: "pro_price_2026", variant: "cheap", stripe: Money(amount: 450, currency: "usd"), discord: Self.discord)) {
            try PriceExperimentConfiguration.decode(Data(json.utf8))
        }
        let fine = json.replacingOccurrences(of: "\"amount\": 450", with: "\"amount\": 500")
        #expect(try PriceExperimentConfiguration.decode(Data(fine.utf8)).experiment.variants.count == 2)
        // Another currency cannot be compared, so it is refused too.
        let euros = json.replacingOccurrences(of: "\"amount\": 450, \"currency\": \"usd\"", with: "\"amount\": 900, \"currency\": \"eur\"")
        #expect(throws: PriceExperimentError.self) { try PriceExperimentConfiguration.decode(Data(euros.utf8)) }
    }
}
