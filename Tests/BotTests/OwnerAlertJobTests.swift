import Analytics
import OwnerAlerts
import Storage
import Testing

@testable import Bot

/// What the alert job raises from the read model's figures, and its settings from the environment.
@Suite struct OwnerAlertJobTests {
    static let today: Int64 = 20_000
    static let guild = GuildID(7)
    static let quiet = GuildID(8)

    @Test func eachKindFiresOnItsOwnFigures() {
        let settings = OwnerAlertSettings(paymentFailureThreshold: 3, aiCostBudgetMicros: 5_000_000)
        // Today's figures: `quiet` stays at the thresholds, which do not fire.
        let figures = OwnerAlertJob.DayFigures(
            conversions: [Self.guild: 2], paymentFailures: [Self.guild: 4, Self.quiet: 3], costMicros: [Self.guild: 5_000_001, Self.quiet: 5_000_000])
        // 28 steady days (100 and 120 alternating) then 70 yesterday for `guild`; `quiet` steady.
        var active: [Int64: [GuildID: Int64]] = [:]
        for offset in Int64(1)...28 {
            active[Self.today - 1 - offset] = [Self.guild: offset.isMultiple(of: 2) ? 100 : 120, Self.quiet: 50]
        }
        active[Self.today - 1] = [Self.guild: 70, Self.quiet: 50]
        let found = OwnerAlertJob.alerts(today: Self.today, figures: figures, activeByDay: active, settings: settings)
        #expect(found.map(\.kind) == [.proConversion, .paymentFailures, .aiCost, .lowActivity])
        #expect(found.allSatisfy { $0.guild == Self.guild })
        #expect(found.first?.message == "🎉 A member became a Pro customer (2 today so far).")
        #expect(found.last?.day == Self.today - 1, "low activity is judged on yesterday")
        #expect(found.last?.message.contains("70 active members") == true)
    }

    @Test func aNewGuildHasNoBaselineYet() {
        var active: [Int64: [GuildID: Int64]] = [:]
        for offset in Int64(1)...10 { active[Self.today - 1 - offset] = [Self.guild: 100] }
        active[Self.today - 1] = [Self.guild: 0]
        #expect(OwnerAlertJob.alerts(today: Self.today, figures: .init(), activeByDay: active, settings: OwnerAlertSettings()).isEmpty)
    }

    @Test func settingsFromTheEnvironmentNameTheVariableNeverTheValue() throws {
        let settings = try OwnerAlertSettings.fromEnvironment([
            "GACHABOT_ALERT_WEBHOOK_URL": "https://discord.com/api/webhooks/1234/tok_en", "GACHABOT_ALERT_PAYMENT_FAILURES": "5",
            "GACHABOT_ALERT_AI_BUDGET_USD": "7.50",
        ])
        #expect(settings.operatorWebhook?.id == 1234)
        #expect(settings.paymentFailureThreshold == 5)
        #expect(settings.aiCostBudgetMicros == 7_500_000)
        do {
            _ = try OwnerAlertSettings.fromEnvironment(["GACHABOT_ALERT_WEBHOOK_URL": "https://evil.example/api/webhooks/1/secret-value"])
            Issue.record("a foreign URL was accepted")
        } catch {
            #expect("\(error)".contains("GACHABOT_ALERT_WEBHOOK_URL"))
            #expect(!"\(error)".contains("secret-value"))
        }
        #expect(throws: OwnerAlertSettingsError.self) { try OwnerAlertSettings.fromEnvironment(["GACHABOT_ALERT_AI_BUDGET_USD": "lots"]) }
    }
}
