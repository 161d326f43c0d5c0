import Bot
import BotHarness
import DiscordModels
import Foundation
import Premium

/// The demo's Pro scenes: the 80% warning and the limit with its upgrade prompt on `/roll`, the
/// one free trial and Pro limits, and a Discord purchase and its refund.
enum DemoPremium {
    static let proSKU: UInt64 = 1_300_000_000_000_000_001

    /// Small limits, so the demo meets them in a few rolls: Free 5 an hour, Pro 8.
    static func settings(links: any PremiumLinks) throws -> PremiumSettings {
        let limits = try UsageLimits.decode(
            Data(
                #"""
                { "meters": { "rolls": { "period": "hour", "scope": "user", "free_alternative": "Claim /daily for points, or buy rolls in /shop." } },
                  "tiers": { "free": { "rolls": 5 }, "pro": { "rolls": 8 } } }
                """#.utf8))
        var settings = PremiumSettings(
            skus: DiscordSKUs(proUser: SKUID(proSKU)),
            links: links,
            limits: limits)
        // The trial scene moves game time forward; a sweep every half second notices soon.
        settings.trialSweepInterval = .milliseconds(500)
        return settings
    }
}

extension DemoScript {
    func playPremium() async throws {
        print("— Pro: limits, the free trial, a Discord purchase —\n")
        let member = bot.member(name: "Ayla")
        // One roll was played above; Free allows 5 an hour, and warns at 4.
        for number in 2...5 {
            let roll = try await member.command("roll")
            try await show("/roll (\(number) of 5 this hour)", roll)
            if number == 4 {
                // The one warning of the hour: an ephemeral follow-up to the roll that crossed 80%.
                let token = roll.interaction.token
                let followUp = try await bot.sandbox.nextRequest { $0.method == "POST" && $0.path.contains(token) && !$0.path.hasSuffix("/callback") }
                print("… and, for Ayla only:\n\(indent(MessageText.render(try followUp.decodePayload(InteractionMessageData.self))))\n")
            }
        }
        try await show("/roll (over the Free limit)", try await member.command("roll"))
        let premium = try await member.command("premium")
        try await show("/premium", premium)
        if let trial = premium.customIDs.first(where: { $0.hasPrefix("premium:trial:") }) {
            try await show("[press] Start my free trial", try await member.press(trial))
            try await show("[press] Start my free trial (again)", try await member.press(trial))
        }
        try await show("/roll (Pro allows 8 an hour)", try await member.command("roll"))
        try await show("/premium", try await member.command("premium"))
        try await playTrialReminder()

        let buyer = bot.member(DiscordSandboxIDs.secondMember, name: "Bo").withoutEntitlements()
        try await show("/premium (Bo)", try await buyer.command("premium"))
        let bought = bot.sandbox.grantEntitlement(skuID: DemoPremium.proSKU, userID: DiscordSandboxIDs.secondMember)
        print("… Bo buys Pro in Discord: ENTITLEMENT_CREATE reaches the bot over the gateway.\n")
        try await show("/premium (Bo)", try await buyer.command("premium"))
        if let id = DiscordSandboxIDs.entitlementID(bought) {
            bot.sandbox.deleteEntitlement(id: id)
            print("… Bo is refunded: ENTITLEMENT_DELETE.\n")
            try await show("/premium (Bo)", try await buyer.command("premium"))
        }
    }
}

extension DemoScript {
    /// Five days on, under 3 days of the trial are left: the sweeper sends the reminder DM once.
    func playTrialReminder() async throws {
        time.advance(by: .seconds(5 * 86_400))
        print("… five days later (the demo moves its game clock), the trial sweeper finds Ayla's trial ending within 3 days:")
        let dm = try await bot.sandbox.nextRequest {
            $0.method == "POST" && $0.path.hasSuffix("/messages") && $0.bodyText.contains("Pro trial ends")
        }
        let message = try JSONDecoder().decode(DirectMessage.self, from: Data(dm.bodyText.utf8))
        print("DM to Ayla (mentions parsed: \(message.allowed_mentions.parse ?? [])):\n\(indent(message.content))\n")
    }

    private struct DirectMessage: Decodable {
        struct Mentions: Decodable { var parse: [String]? }
        var content: String
        var allowed_mentions: Mentions
    }
}

enum DiscordSandboxIDs {
    static let secondMember: UInt64 = 1_100_000_000_000_000_777

    static func entitlementID(_ json: String) -> UInt64? {
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (object?["id"] as? String).flatMap { UInt64($0) }
    }
}
