import BotHarness
import DiscordModels
import DiscordSandbox
import Foundation
import Synchronization
import Testing

@testable import Bot

/// The Discord side of Pro that needs no store: SKUs from configuration, and the upgrade prompt
/// (Discord's premium button next to the Stripe Checkout link).
@Suite(.timeLimit(.minutes(1)))
struct PremiumPromptTests {
    static let proSKU: UInt64 = 1_300_000_000_000_000_001
    static let guildSKU: UInt64 = 1_300_000_000_000_000_002
    static let rollsSKU: UInt64 = 1_300_000_000_000_000_003

    @Test func skusAreReadFromTheEnvironment() throws {
        let skus = try DiscordSKUs(environment: [
            DiscordSKUs.Variable.proUser: " \(Self.proSKU) ", DiscordSKUs.Variable.proGuild: "\(Self.guildSKU)",
            DiscordSKUs.Variable.extraRolls: "\(Self.rollsSKU)", DiscordSKUs.Variable.rollsPerPurchase: "25",
        ])
        #expect(skus.kind(of: SKUID(Self.proSKU)) == .pro(guildScoped: false))
        #expect(skus.kind(of: SKUID(Self.guildSKU)) == .pro(guildScoped: true))
        #expect(skus.kind(of: SKUID(Self.rollsSKU)) == .extraRolls(25))
        #expect(skus.kind(of: SKUID(42)) == .unknown)
        #expect(skus.upgradeSKU == SKUID(Self.proSKU))

        let none = try DiscordSKUs(environment: [DiscordSKUs.Variable.proUser: ""])
        #expect(none == DiscordSKUs(), "an empty variable leaves its SKU out")
        #expect(none.upgradeSKU == nil)
        #expect(try DiscordSKUs(environment: [DiscordSKUs.Variable.proGuild: "\(Self.guildSKU)"]).upgradeSKU == SKUID(Self.guildSKU))
    }

    @Test func badSKUSettingsAreRefusedNamingTheVariable() {
        #expect(throws: DiscordSKUsError.notASnowflake(variable: "GACHABOT_DISCORD_PRO_SKU", value: "pro-monthly")) {
            try DiscordSKUs(environment: ["GACHABOT_DISCORD_PRO_SKU": "pro-monthly"])
        }
        #expect(throws: DiscordSKUsError.notASnowflake(variable: "GACHABOT_DISCORD_ROLLS_SKU", value: "0")) {
            try DiscordSKUs(environment: ["GACHABOT_DISCORD_ROLLS_SKU": "0"])
        }
        #expect(throws: DiscordSKUsError.invalidCount(variable: "GACHABOT_DISCORD_ROLLS_PER_PURCHASE", value: "-3")) {
            try DiscordSKUs(environment: ["GACHABOT_DISCORD_ROLLS_PER_PURCHASE": "-3"])
        }
        #expect(throws: DiscordSKUsError.sameSKUTwice(first: "GACHABOT_DISCORD_PRO_SKU", second: "GACHABOT_DISCORD_ROLLS_SKU")) {
            try DiscordSKUs(environment: ["GACHABOT_DISCORD_PRO_SKU": "7", "GACHABOT_DISCORD_ROLLS_SKU": "7"])
        }
        let message = DiscordSKUsError.notASnowflake(variable: "GACHABOT_DISCORD_PRO_SKU", value: "x").description
        #expect(message.contains("GACHABOT_DISCORD_PRO_SKU must be a Discord SKU id"), "\(message)")
    }

    @Test func thePromptIsThePremiumButtonNextToTheCheckoutLink() throws {
        let both = UpgradePromptView.row(sku: SKUID(Self.proSKU), checkoutURL: "https://checkout.stripe.com/c/pay/cs_test_1")
        guard case .actionRow(let row)? = both.first, both.count == 1 else { Issue.record("one row: \(both)"); return }
        #expect(row.components.count == 2)
        guard case .button(let premium) = row.components[0], case .button(let link) = row.components[1] else {
            Issue.record("two buttons: \(row.components)")
            return
        }
        #expect(premium.style == .premium && premium.sku_id == SKUID(Self.proSKU))
        #expect(premium.label == nil && premium.custom_id == nil && premium.url == nil, "a premium button carries only its SKU")
        #expect(link.style == .link && link.url == "https://checkout.stripe.com/c/pay/cs_test_1" && link.label == UpgradePromptView.checkoutLabel)
        try DiscordLimits.validate(InteractionMessageData(content: "Upgrade", components: both))

        let discordOnly = UpgradePromptView.row(sku: SKUID(Self.proSKU), checkoutURL: nil)
        #expect(MessageText.buttons(discordOnly).map(\.style) == [.premium], "no Stripe: only the premium button")
        #expect(UpgradePromptView.row(sku: nil, checkoutURL: nil).isEmpty)
    }

    static func options(links: any PremiumLinks = NoStripeLinks()) -> SandboxBot.Options {
        var options = SandboxBot.Options.game()
        options.premium = PremiumSettings(
            skus: DiscordSKUs(proUser: SKUID(proSKU), proGuild: SKUID(guildSKU), extraRolls: SKUID(rollsSKU)), links: links)
        return options
    }

    @Test func premiumOffersDiscordAndCardToAFreeMember() async throws {
        let asked = CheckoutRequests()
        let links = ClosurePremiumLinks(checkout: { user, guild in
            asked.append(user.rawValue)
            return "https://checkout.stripe.com/c/pay/cs_test_\(user.rawValue)_\(guild?.rawValue ?? 0)"
        })
        try await SandboxBot.run(Self.options(links: links)) { bot in
            let answer = try await bot.member().command("premium")
            #expect(answer.isEphemeral)
            #expect(answer.text.contains("Plan: Free"), "\(answer.text)")
            let buttons = MessageText.buttons(answer.message?.components ?? [])
            #expect(buttons.map(\.style) == [.success, .premium, .link], "the free trial, then Discord and card")
            #expect(buttons.first?.custom_id == "premium:trial:\(DiscordSandbox.defaultMemberID)")
            #expect(buttons.dropFirst().first?.sku_id == SKUID(Self.proSKU))
            #expect(buttons.last?.url == "https://checkout.stripe.com/c/pay/cs_test_\(DiscordSandbox.defaultMemberID)_\(bot.guildID)")
            #expect(asked.values == [DiscordSandbox.defaultMemberID], "the Checkout link is made for the member who asked")
            try await bot.expectHealthy()
        }
    }

    @Test func aServerSubscriptionMakesEveryMemberOfThatServerPro() async throws {
        try await SandboxBot.run(Self.options()) { bot in
            bot.sandbox.grantEntitlement(skuID: Self.guildSKU, guildID: bot.guildID)
            for user in [DiscordSandbox.defaultMemberID, DiscordSandbox.defaultMemberID + 5] {
                let answer = try await bot.member(user, name: "m\(user)").command("premium")
                #expect(answer.text.contains("Plan: Pro") && answer.text.contains("held by this server"), "\(answer.text)")
            }
            // Only through the server's interactions: a member whose interaction does not carry it is Free.
            #expect(try await bot.member().withoutEntitlements().command("premium").text.contains("Plan: Free"))
            try await bot.expectHealthy()
        }
    }

    struct StripeDown: Error {}

    @Test func aStripeFailureCostsTheCardLinkNotTheAnswer() async throws {
        let links = ClosurePremiumLinks(checkout: { _, _ in throw StripeDown() })
        try await SandboxBot.run(Self.options(links: links)) { bot in
            let answer = try await bot.member().command("premium")
            #expect(answer.text.contains("Plan: Free"), "\(answer.text)")
            #expect(MessageText.buttons(answer.message?.components ?? []).map(\.style) == [.success, .premium])
            try await bot.expectHealthy()
        }
    }

    @Test func anInteractionCarryingAProEntitlementShowsPro() async throws {
        try await SandboxBot.run(Self.options()) { bot in
            bot.sandbox.grantEntitlement(skuID: Self.proSKU, userID: DiscordSandbox.defaultMemberID)
            let answer = try await bot.member().command("premium")
            #expect(answer.text.contains("Plan: Pro"), "\(answer.text)")
            #expect(MessageText.buttons(answer.message?.components ?? []).count == 0, "no upgrade prompt, and no trial offered, to a Pro member")
            // Another member of the server holds nothing.
            let other = try await bot.member(DiscordSandbox.defaultMemberID + 1, name: "other").command("premium")
            #expect(other.text.contains("Plan: Free"), "\(other.text)")
            try await bot.expectHealthy()
        }
    }
}

/// The users a test's Checkout link was asked for.
final class CheckoutRequests: Sendable {
    private let state = Mutex<[UInt64]>([])
    func append(_ user: UInt64) { state.withLock { $0.append(user) } }
    var values: [UInt64] { state.withLock { $0 } }
}
