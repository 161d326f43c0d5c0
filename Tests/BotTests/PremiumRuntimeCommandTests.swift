import Foundation
import Premium
import SQLiteStorage
import Storage
import Testing

/// `gachabot flags check`, `gachabot experiments report` and the price-parity refusal of
/// `gachabot run`, as the built binary on a SQLite file seeded by the test.
@Suite struct PremiumRuntimeCommandTests {
    static func now() -> Timestamp { Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)) }

    static func withData(_ body: (URL, SQLiteStore) async throws -> Void) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-premium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let store = try SQLiteStore(path: data.appendingPathComponent("gachabot.sqlite").path)
        do {
            try await body(data, store)
        } catch {
            try? store.close()
            throw error
        }
        try? store.close()
    }

    @Test func flagsCheckRollsBackAGuardedFlagWhoseExposedMembersConvertLess() async throws {
        try await Self.withData { data, store in
            func flags(_ arguments: String...) throws -> ExecutableTests.Outcome {
                try ExecutableTests.run(["flags"] + arguments + ["--data", data.path])
            }
            #expect(try flags("set", "paywall", "--rollout", "50", "--guardrail", "trial_to_paid").status == 0)
            let refused = try flags("set", "other", "--rollout", "5", "--guardrail", "happiness")
            #expect(refused.status != 0 && refused.output.contains("--guardrail must be one of trial_to_paid, d7_retention"))

            // Trials ten days ago: exposed members convert 1 in 10, the rest 1 in 3.
            let started = Self.now().advanced(by: .seconds(-10 * 86_400))
            var events: [AnalyticsEvent] = []
            for id in UInt64(1)...600 {
                let player = PlayerID(guild: GuildID(0), member: MemberID(id))
                events.append(AnalyticsEvent(name: .trialStart, player: player, at: started))
                let exposed = FlagBucketing.normalizedValue(String(id), group: "paywall") <= 50
                if exposed ? id % 10 == 0 : id % 3 == 0 {
                    events.append(AnalyticsEvent(name: .conversion, player: player, at: started.advanced(by: .seconds(3_600))))
                }
            }
            try await store.writePremium { [events] tx in try await tx.appendAnalyticsEvents(events) }

            let check = try flags("check")
            #expect(check.status == 0)
            #expect(check.output.contains("paywall (trial_to_paid, rollout 50%): exposed "), "\(check.output)")
            #expect(check.output.contains("ROLLED BACK to 0%"), "\(check.output)")
            #expect(try flags("list").output.contains("paywall: rollout 0%, guardrail trial_to_paid"))
            let audit = try await store.readPremium { try await $0.flagAudit("paywall") }
            #expect(audit.map(\.actor) == ["cli", FlagGuardrail.actor])
            // Nothing live to judge any more.
            #expect(try flags("check").output.contains("No live flag names a guardrail."))
        }
    }

    @Test func experimentsReportPrintsEachVariant() async throws {
        try await Self.withData { data, store in
            let at = Self.now()
            try await store.writePremium { tx in
                for (id, variant) in [(1, "low"), (2, "low"), (3, "high")] {
                    _ = try await tx.recordExperimentAssignment(
                        ExperimentAssignment(experiment: "pro_price_2026", user: MemberID(UInt64(id)), variant: variant, assignedAt: at))
                }
                try await tx.appendAnalyticsEvent(
                    AnalyticsEvent(
                        name: .conversion, player: PlayerID(guild: GuildID(0), member: MemberID(3)), at: at,
                        properties: ["amount": "699", "currency": "usd"]))
            }
            let report = try ExecutableTests.run(["experiments", "report", "pro_price_2026", "--data", data.path])
            #expect(report.status == 0)
            #expect(report.output.contains("high: exposures 1, checkouts 1, paid conversions 1, revenue 699 USD, revenue per exposed member 699 USD"))
            #expect(report.output.contains("low: exposures 2, checkouts 0, paid conversions 0, revenue 0, revenue per exposed member 0"))
        }
    }

    @Test func runRefusesAStripeVariantPricedBelowTheDiscordSKU() async throws {
        try await Self.withData { data, _ in
            let file = data.appendingPathComponent("price-experiment.json")
            try Data(
                #"""
                {"discord_sku_price": {"amount": 499, "currency": "usd"},
                 "experiment": {"name": "pro_price_2026", "flag": "pro_price_test", "variants": [
                    {"name": "cheap", "stripe_price": "price_cheap", "price": {"amount": 399, "currency": "usd"}, "weight": 1}]}}
                """#.utf8
            ).write(to: file)
            let run = try ExecutableTests.run(
                ["run", "--data", data.path, "--no-http"],
                environment: ["DISCORD_TOKEN": "MTAx.fake.token", "GACHABOT_PRICE_EXPERIMENT_FILE": file.path])
            #expect(run.status == 1)
            #expect(run.output.contains("variant cheap"), "\(run.output)")
            #expect(run.output.contains("399 USD is below the Discord SKU's 499 USD"), "\(run.output)")
        }
    }
}
