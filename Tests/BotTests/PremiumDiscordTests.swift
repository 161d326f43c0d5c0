import BotHarness
import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Premium
import Storage
import Testing

@testable import Bot

/// Pro in Discord end to end, on the loopback Discord and each database: purchases and refunds
/// over the gateway, entitlements carried by interactions, the usage limit on `/roll` with its
/// warning and upgrade prompt, the one free trial, and Pro limits.
@Suite(.timeLimit(.minutes(2)))
struct PremiumDiscordTests {
    static let proSKU = PremiumPromptTests.proSKU
    static let rollsSKU = PremiumPromptTests.rollsSKU
    static let member = DiscordSandbox.defaultMemberID

    /// Free: 5 rolls an hour (the warning at 4); Pro: 8 (the warning at 7).
    static func limits() throws -> UsageLimits {
        try UsageLimits.decode(
            Data(
                #"""
                {
                  "warning_fraction": 0.8,
                  "meters": { "rolls": { "period": "hour", "scope": "user", "free_alternative": "Claim /daily for points, or buy rolls in /shop." } },
                  "tiers": { "free": { "rolls": 5 }, "pro": { "rolls": 8 } }
                }
                """#.utf8))
    }

    static func options(store: (any BotStore)?, clock: ManualClock = ManualClock()) throws -> SandboxBot.Options {
        var options = SandboxBot.Options.game(gameTime: GameTime(clock: clock, epoch: testEpoch), store: store)
        options.premium = PremiumSettings(
            skus: DiscordSKUs(proUser: SKUID(proSKU), extraRolls: SKUID(rollsSKU), rollsPerPurchase: 3),
            links: ClosurePremiumLinks(checkout: { user, _ in "https://checkout.stripe.com/c/pay/cs_test_\(user.rawValue)" }),
            limits: try limits())
        return options
    }

    static func id(_ entitlementJSON: String) throws -> UInt64 {
        let object = try JSONSerialization.jsonObject(with: Data(entitlementJSON.utf8)) as? [String: Any]
        let id = (object?["id"] as? String).flatMap { UInt64($0) }
        return try #require(id)
    }

    @Test func aPurchaseOverTheGatewayMakesTheMemberProAndARefundEndsIt() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(try Self.options(store: store)) { bot in
                // Interactions carry nothing here: only the gateway's events tell the bot.
                let member = bot.member().withoutEntitlements()
                #expect(try await member.command("premium").text.contains("Plan: Free"))

                let id = try Self.id(bot.sandbox.grantEntitlement(skuID: Self.proSKU, userID: Self.member))
                let pro = try await member.command("premium")
                #expect(pro.text.contains("Plan: Pro") && pro.text.contains("Discord subscription"), "\(pro.text)")
                let stored = try await bot.premium { try await $0.entitlement(source: .discord, sourceID: String(id)) }
                #expect(stored?.status == .active && stored?.user == MemberID(Self.member) && stored?.guild == nil)

                bot.sandbox.deleteEntitlement(id: id)
                let refunded = try await member.command("premium")
                #expect(refunded.text.contains("Plan: Free"), "\(refunded.text)")
                #expect(try await bot.premium { try await $0.entitlement(source: .discord, sourceID: String(id)) }?.status == .revoked)

                // A late copy of the refunded entitlement, carried by an interaction, does not bring Pro back.
                let stale = #"{"id":"\#(id)","sku_id":"\#(Self.proSKU)","application_id":"\#(bot.sandbox.configuration.applicationID)","user_id":"\#(Self.member)","type":8,"deleted":false}"#
                _ = try await bot.member().carrying([stale]).command("daily")
                #expect(try await bot.premium { try await $0.entitlement(source: .discord, sourceID: String(id)) }?.status == .revoked)
                try await bot.expectHealthy()
            }
        }
    }

    @Test func anInteractionsEntitlementsAloneMakeTheMemberPro() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(try Self.options(store: store)) { bot in
                // An entitlement the gateway never announced (the bot was down when it was bought).
                let json = #"{"id":"1400000000000000077","sku_id":"\#(Self.proSKU)","application_id":"\#(bot.sandbox.configuration.applicationID)","user_id":"\#(Self.member)","type":8,"deleted":false,"starts_at":null,"ends_at":null}"#
                let answer = try await bot.member().carrying([json]).command("premium")
                #expect(answer.text.contains("Plan: Pro"), "\(answer.text)")
                let stored = try await bot.premium { try await $0.entitlement(source: .discord, sourceID: "1400000000000000077") }
                #expect(stored?.status == .active && stored?.source == .discord)
                // Recorded: the next interaction, carrying nothing, still finds Pro.
                #expect(try await bot.member().withoutEntitlements().command("premium").text.contains("Plan: Pro"))
                try await bot.expectHealthy()
            }
        }
    }

    @Test func rollsWarnOnceAt80PercentAndStopAtTheLimitWithTheUpgradePrompt() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(try Self.options(store: store)) { bot in
                let member = bot.member()
                var fourth: BotAnswer?
                for index in 1...5 {
                    let roll = try await member.command("roll")
                    #expect(roll.text.contains("You rolled"), "\(roll.text)")
                    if index == 4 { fourth = roll }
                }
                // The warning is a follow-up to the 4th roll, for the member only.
                let token = try #require(fourth).interaction.token
                let warningRequest = try await bot.sandbox.nextRequest { request in
                    request.method == "POST" && request.path.contains(token) && !request.path.hasSuffix("/callback")
                }
                let warning = try warningRequest.decodePayload(InteractionMessageData.self)
                #expect(warning.flags?.contains(.ephemeral) == true)
                #expect(warning.content?.contains("You've used **4 of 5** rolls this hour") == true, "\(warning.content ?? "")")
                #expect(warning.content?.contains("<t:1735736400:R>") == true, "resets at 13:00 UTC")
                #expect(MessageText.buttons(warning.components ?? []).first?.style == .premium)

                let limit = try await member.command("roll")
                #expect(limit.isEphemeral)
                #expect(limit.text.contains("You've used all **5** rolls this hour on the Free plan"), "\(limit.text)")
                #expect(limit.text.contains("They reset <t:1735736400:R>"), "\(limit.text)")
                #expect(limit.text.contains("Meanwhile: Claim /daily"), "\(limit.text)")
                #expect(limit.text.contains("**Pro** allows 8 rolls per hour"), "\(limit.text)")
                let buttons = MessageText.buttons(limit.message?.components ?? [])
                #expect(buttons.map(\.style) == [.premium, .link])
                #expect(buttons.first?.sku_id == SKUID(Self.proSKU))
                #expect(buttons.last?.url == "https://checkout.stripe.com/c/pay/cs_test_\(Self.member)")

                let player = bot.defaultPlayer
                #expect(try await bot.events(player, .roll).count == 5, "the refused roll did not happen")
                #expect(try await bot.events(player, .usageWarning).count == 1, "one warning in the period")
                #expect(try await bot.events(player, .limitReached).count == 1)
                #expect(try await bot.events(player, .upgradePromptShown).count == 2, "with the warning and at the limit")
                let counter = try await bot.premium { reader in
                    try await reader.usage(UsageKey(subject: .user(MemberID(Self.member)), meter: "rolls", periodStart: Timestamp(millisecondsSinceEpoch: 1_735_732_800_000)))
                }
                #expect(counter?.count == 5)
                try await bot.expectHealthy()
            }
        }
    }

    @Test func theFreeTrialStartsOnceAndProLimitsApply() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(try Self.options(store: store)) { bot in
                let member = bot.member()
                let premium = try await member.command("premium")
                #expect(premium.text.contains("Free trial: not used yet (7 days of Pro, once)"), "\(premium.text)")
                let trialID = try #require(premium.customIDs.first { $0.hasPrefix("premium:trial:") })

                // Someone else cannot start it for them.
                let stranger = try await bot.member(Self.member + 1, name: "@everyone").press(trialID)
                #expect(stranger.text.contains("isn't yours"), "\(stranger.text)")

                let started = try await member.press(trialID)
                #expect(started.text.contains("free Pro trial has started") && started.text.contains("<t:1736337600:R>"), "\(started.text)")
                let again = try await member.press(trialID)
                #expect(again.text.contains("already had your free trial"), "\(again.text)")
                let after = try await member.command("premium")
                #expect(after.text.contains("Plan: Pro") && after.text.contains("Free trial: used"), "\(after.text)")
                #expect(!after.customIDs.contains { $0.hasPrefix("premium:trial:") }, "no second trial offered")
                #expect(try await bot.events(nil, .trialStart).count == 1)

                // Pro: 8 rolls this hour; the warning at the 7th; the 9th stops, with no upgrade offered.
                for _ in 1...8 { #expect(try await member.command("roll").text.contains("You rolled")) }
                #expect(try await bot.events(bot.defaultPlayer, .usageWarning).count == 1)
                let limit = try await member.command("roll")
                #expect(limit.text.contains("You've used all **8** rolls this hour on the Pro plan"), "\(limit.text)")
                #expect(MessageText.buttons(limit.message?.components ?? []).count == 0, "Pro is the top tier")
                try await bot.expectHealthy()
            }
        }
    }

    @Test func aDiscordRollsPurchaseIsGrantedOnceThenConsumed() async throws {
        try await forEachDatabase { store in
            try await SandboxBot.run(try Self.options(store: store)) { bot in
                let id = try Self.id(bot.sandbox.grantEntitlement(skuID: Self.rollsSKU, userID: Self.member, consumable: true))
                let member = bot.member()
                _ = try await member.command("points")
                // Consumed: Discord no longer sends it.
                let consumed = try await bot.sandbox.nextRequest { $0.method == "POST" && $0.path.hasSuffix("/entitlements/\(id)/consume") }
                #expect(consumed.method == "POST")
                let json = try #require(bot.sandbox.entitlement(id: id))
                #expect(json.contains(#""consumed":true"#), "\(json)")
                // A repeat (a crash before the consume) grants nothing twice.
                let copy = #"{"id":"\#(id)","sku_id":"\#(Self.rollsSKU)","application_id":"\#(bot.sandbox.configuration.applicationID)","user_id":"\#(Self.member)","type":1,"deleted":false,"consumed":false}"#
                _ = try await member.carrying([copy]).command("points")
                #expect(try await bot.events(bot.defaultPlayer, .rollsPurchased).count == 1)
                let extra = try await bot.store.readGacha { try await $0.member(bot.defaultPlayer)?.rolls.extra }
                #expect(extra == 3)
                try await bot.expectHealthy()
            }
        }
    }
}

extension SandboxBot {
    func premium<T: Sendable>(_ body: @escaping @Sendable (any PremiumReader) async throws -> T) async throws -> T {
        try await store.readPremium(body)
    }

    func events(_ player: PlayerID?, _ name: EventName) async throws -> [AnalyticsEvent] {
        try await store.readGacha { try await $0.analyticsEvents(player: player, name: name, limit: 10_000) }
    }
}
