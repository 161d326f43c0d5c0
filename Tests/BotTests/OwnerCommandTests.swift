import Analytics
import BotHarness
import Clocks
import DiscordModels
import DiscordREST
import DiscordSandbox
import Foundation
import OwnerAlerts
import OwnerCharts
import SQLiteStorage
import Storage
import Testing

@testable import Bot

/// `/owner` end to end on the loopback Discord: who may use it, charts as PNG attachments with the
/// numbers beside them, the reply when charts cannot be drawn, CSV export, the alert webhook, and
/// alerts delivered through Discord's Execute Webhook.
@Suite(.timeLimit(.minutes(3)))
struct OwnerCommandTests {
    static func owner(_ subcommand: String, _ options: [CommandOptionValue] = []) -> (String, [CommandOptionValue]) {
        ("owner", [.subcommand(subcommand, options)])
    }

    static let sendMessages: UInt64 = 1 << 11
    static let manageGuild: UInt64 = 1 << 5
    static let administrator: UInt64 = 1 << 3

    static func refused(_ answer: BotAnswer) -> Bool {
        answer.isEphemeral && answer.text.contains("Only the server's owner and members with the Manage Server permission")
    }

    @Test func theOwnerAndManageServerMembersAreAllowedAndAPlainMemberIsRefused() async throws {
        try await SandboxBot.run(SandboxBot.Options(tls: false)) { bot in
            // The sandbox's GUILD_CREATE names the default member as the owner; their permission
            // bits here lack Manage Server, so only the owner id the bot learnt lets them in.
            let owner = bot.member(DiscordSandbox.defaultMemberID, name: "owner", permissions: Self.sendMessages)
            let (name, options) = Self.owner("funnel")
            let ownerAnswer = try await owner.command(name, options)
            #expect(ownerAnswer.isEphemeral)
            #expect(!Self.refused(ownerAnswer), "\(ownerAnswer.text)")
            #expect(ownerAnswer.message?.embeds?.first?.title?.hasPrefix("Funnel") == true, "\(ownerAnswer.text)")

            let manager = bot.member(1_300_000_000_000_000_777, name: "manager", permissions: Self.sendMessages | Self.manageGuild)
            #expect(!Self.refused(try await manager.command(name, options)))
            let admin = bot.member(1_300_000_000_000_000_778, name: "admin", permissions: Self.administrator)
            #expect(!Self.refused(try await admin.command(name, options)))

            let plain = bot.member(1_300_000_000_000_000_779, name: "plain", permissions: Self.sendMessages)
            for subcommand in OwnerFeature.subcommands {
                let (name, options) = Self.owner(subcommand)
                let answer = try await plain.command(name, options)
                #expect(Self.refused(answer), "\(subcommand): \(answer.text)")
                #expect(answer.request.parts.isEmpty, "\(subcommand): nothing attached to a refusal")
            }
            try await bot.expectHealthy()
        }
    }

    @Test func theDecisionIsTheBotsOwn() {
        let owners = GuildOwners()
        owners.record(GuildCreateSummary(id: DiscordModels.GuildID(5), owner_id: UserID(50)))
        func interaction(user: UInt64, permissions: Permissions?, guild: UInt64? = 5) -> Interaction {
            Interaction(
                id: InteractionID(1), application_id: ApplicationID(2), type: .applicationCommand, guild_id: guild.map { DiscordModels.GuildID($0) },
                member: guild == nil ? nil : GuildMember(user: User(id: UserID(user), username: "u"), roles: [], permissions: permissions),
                user: guild == nil ? User(id: UserID(user), username: "u") : nil, token: "t")
        }
        #expect(OwnerAccess.decide(interaction(user: 50, permissions: []), owners: owners) == .owner)
        #expect(OwnerAccess.decide(interaction(user: 51, permissions: .manageGuild), owners: owners) == .manageGuild)
        #expect(OwnerAccess.decide(interaction(user: 51, permissions: .administrator), owners: owners) == .manageGuild)
        #expect(OwnerAccess.decide(interaction(user: 51, permissions: [.sendMessages, .viewChannel]), owners: owners) == .refused(OwnerAccess.refusal))
        #expect(OwnerAccess.decide(interaction(user: 51, permissions: nil), owners: owners) == .refused(OwnerAccess.refusal))
        // In a DM there is no server to report on, whoever asks.
        if case .refused = OwnerAccess.decide(interaction(user: 50, permissions: nil, guild: nil), owners: owners) {} else {
            Issue.record("a DM was allowed")
        }
        // A guild the bot left forgets its owner.
        owners.apply(.guildDelete(UnavailableGuild(id: DiscordModels.GuildID(5), unavailable: nil)))
        #expect(OwnerAccess.decide(interaction(user: 50, permissions: []), owners: owners) == .refused(OwnerAccess.refusal))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ChartRasterizer.defaultExecutable), "rsvg-convert is not installed"))
    func reportsAttachAPNGChartShownInTheEmbed() async throws {
        try await SandboxBot.run(SandboxBot.Options(tls: false)) { bot in
            let owner = bot.member()
            for (subcommand, file, title) in [
                ("funnel", "funnel.png", "Funnel"), ("retention", "retention.png", "Retention"), ("revenue", "mrr.png", "Revenue"),
                ("economy", "economy.png", "Economy"),
            ] {
                let (name, options) = Self.owner(subcommand, [.string("period", "7"), .string("granularity", "day")])
                let answer = try await owner.command(name, options)
                #expect(answer.isEphemeral)
                let part = try #require(answer.request.parts.first { $0.filename == file }, "\(subcommand): \(answer.request.parts.map(\.filename))")
                #expect(Array(part.data.prefix(8)) == ChartRasterizer.pngSignature)
                #expect(part.data.count > 2_000 && part.data.count < 4 << 20)
                let embed = try #require(answer.message?.embeds?.first)
                #expect(embed.title?.hasPrefix(title) == true)
                #expect(embed.title?.contains("last 7 days, by day") == true)
                #expect(embed.image?.url == "attachment://\(file)")
                #expect(!(embed.fields ?? []).isEmpty, "the numbers are in the reply too")
            }
            // AI and churn are numbers only.
            let (name, options) = Self.owner("ai")
            let ai = try await owner.command(name, options)
            #expect(ai.request.parts.isEmpty && ai.message?.embeds?.first?.fields?.contains { $0.name == "Talk calls" } == true)
            try await bot.expectHealthy()
        }
    }

    @Test func withoutTheRasteriserTheReplySaysSoAndStillGivesTheNumbers() async throws {
        var options = SandboxBot.Options(tls: false)
        options.owner = OwnerConfiguration(rasterizer: ChartRasterizer(executable: "/nonexistent/rsvg-convert"))
        try await SandboxBot.run(options) { bot in
            let (name, options) = Self.owner("funnel")
            let answer = try await bot.member().command(name, options)
            #expect(answer.isEphemeral)
            #expect(answer.request.parts.isEmpty)
            #expect(answer.message?.content?.contains("The chart could not be drawn (chart rendering is unavailable: rsvg-convert is not installed") == true, "\(answer.text)")
            let fields = answer.message?.embeds?.first?.fields?.map(\.name) ?? []
            #expect(fields.starts(with: ["New members", "Rolled", "Talked", "Trial", "Paid"]), "\(fields)")
            #expect(answer.message?.embeds?.first?.image == nil)
        }
    }

    @Test func exportAttachesCSV() async throws {
        try await SandboxBot.run(SandboxBot.Options(tls: false)) { bot in
            let member = bot.member()
            _ = try await member.command("roll")
            _ = try await member.command("daily")  // points minted: a rollup row
            for (data, header) in [("events", AnalyticsCSV.eventColumns), ("rollups", AnalyticsCSV.rollupColumns)] {
                let (name, options) = Self.owner("export", [.string("data", data), .string("period", "all")])
                let answer = try await member.command(name, options)
                #expect(answer.isEphemeral)
                let part = try #require(answer.request.parts.first { $0.filename?.hasSuffix(".csv") == true }, "\(answer.text)")
                #expect(part.contentType?.hasPrefix("text/csv") == true)
                #expect(part.filename?.hasPrefix("gachabot-\(data)-\(bot.guildID)-start-to-") == true, "\(part.filename ?? "")")
                let text = try #require(String(data: part.data, encoding: .utf8))
                // It reads back with the Analytics module's own parser: what the CLI's export gives.
                let rows = try AnalyticsCSV.parse(text)
                #expect(rows.first == header)
                #expect(rows.count >= 2, "the roll and the daily left rows: \(text)")
                #expect(rows.dropFirst().allSatisfy { $0.count == header.count })
                #expect(answer.message?.content?.hasPrefix("\(rows.count - 1) ") == true, "\(answer.text)")
                if data == "events" { #expect(rows.contains { $0[1] == "roll" }, "\(text)") } else { #expect(rows.contains { $0[3] == "minted" }, "\(text)") }
                #expect(part.data.count <= OwnerCSVExport.maximumBytes)
            }
        }
    }

    @Test func theAlertWebhookIsSetShownAndClearedWithoutEchoingItsToken() async throws {
        try await SandboxBot.run(SandboxBot.Options(tls: false)) { bot in
            let owner = bot.member()
            let webhook = bot.sandbox.createWebhook(channelID: 42)
            let (name, set) = Self.owner("alerts", [.string("webhook", webhook.url)])
            let answer = try await owner.command(name, set)
            #expect(answer.isEphemeral)
            #expect(answer.text.contains("now go to webhook \(webhook.id)"), "\(answer.text)")
            #expect(!answer.text.contains(webhook.token))
            let stored = try await bot.store.readAlerts { try await $0.alertWebhook(Storage.GuildID(bot.guildID)) }
            let expected = try AlertWebhook(id: webhook.id, token: webhook.token)
            #expect(stored == expected)

            let (_, show) = Self.owner("alerts")
            let shown = try await owner.command(name, show)
            #expect(shown.text.contains("Alerts go to webhook \(webhook.id)") && !shown.text.contains(webhook.token), "\(shown.text)")

            let (_, bad) = Self.owner("alerts", [.string("webhook", "https://example.com/api/webhooks/1/secret-token")])
            let refused = try await owner.command(name, bad)
            #expect(refused.text.contains("not a Discord webhook URL") && !refused.text.contains("secret-token"), "\(refused.text)")
            #expect(try await bot.store.readAlerts { try await $0.alertWebhook(Storage.GuildID(bot.guildID)) } == stored, "nothing lost")

            let (_, clear) = Self.owner("alerts", [.boolean("clear", true)])
            #expect(try await owner.command(name, clear).text.contains("alerts are off"))
            #expect(try await bot.store.readAlerts { try await $0.alertWebhook(Storage.GuildID(bot.guildID)) } == nil)

            let plain = bot.member(1_300_000_000_000_000_779, name: "plain", permissions: Self.sendMessages)
            #expect(Self.refused(try await plain.command(name, set)))
            #expect(try await bot.store.readAlerts { try await $0.alertWebhook(Storage.GuildID(bot.guildID)) } == nil)
            try await bot.expectHealthy()
        }
    }

    @Test func alertsAreDeliveredByExecuteWebhookWithoutPingsAndRetriedAfterAFailure() async throws {
        try await SandboxBot.run(SandboxBot.Options(tls: false)) { bot in
            let guild = Storage.GuildID(bot.guildID)
            let webhook = bot.sandbox.createWebhook(channelID: 42)
            let operatorHook = bot.sandbox.createWebhook(channelID: 43)
            let guildHook = try AlertWebhook(id: webhook.id, token: webhook.token)
            try await bot.store.writeAlerts { try await $0.setAlertWebhook(guild, guildHook, at: Timestamp(millisecondsSinceEpoch: 0)) }
            let now = Timestamp(millisecondsSinceEpoch: 1_764_720_000_000)
            // The operator's webhook is configured with a wrong token: its delivery fails and waits.
            let service = AlertService(store: bot.store, operatorWebhook: try AlertWebhook(id: operatorHook.id, token: "wrong-token"), now: { now })
            let rest = DiscordRESTClient(token: bot.sandbox.configuration.token, baseURL: bot.sandbox.restBaseURL, clock: InstantClock())
            let sender = DiscordAlertSender(rest: rest)

            #expect(try await service.raise(.proConversion, guild: guild, day: 1, message: "@everyone A member became Pro") != nil)
            #expect(try await service.raise(.proConversion, guild: guild, day: 1, message: "again") == nil)
            let round = try await service.deliverDue(with: sender)
            #expect(round.delivered == 1 && round.retrying == 1)

            let delivered = bot.sandbox.channelMessages(42)
            #expect(delivered.count == 1)
            #expect(delivered.first?.contains("A member became Pro") == true)
            let executions = bot.sandbox.requests.filter { $0.method == "POST" && $0.routeTemplate == "/webhooks/{webhook_id}/{webhook_token}" }
            #expect(executions.count == 2)
            for request in executions {
                let payload = try request.decodePayload(ExecuteWebhook.self)
                #expect(payload.allowed_mentions == AllowedMentions.none, "alerts never ping")
                #expect(!request.authorized, "a webhook's token authenticates it, not the bot's")
                #expect(request.query?.contains("wait=true") == true)
            }
            #expect(bot.sandbox.channelMessages(43).isEmpty)
            let alert = try #require(try await bot.store.readAlerts { try await $0.alerts(guild: guild, limit: 1) }.first)
            let deliveries = try await bot.store.readAlerts { try await $0.alertDeliveries(alertID: alert.id) }
            let failed = try #require(deliveries.first { $0.target == .operator })
            #expect(failed.state == .pending && failed.attempts == 1)
            #expect(failed.lastError?.contains("wrong-token") == false, "the token never reaches the record")
            #expect(bot.sandbox.openAPIViolations.isEmpty, "\(bot.sandbox.openAPIViolations)")
        }
    }
}
