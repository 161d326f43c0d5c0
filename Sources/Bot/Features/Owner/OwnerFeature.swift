import Analytics
import DiscordModels
import DiscordREST
import Foundation
import Logging
import OwnerAlerts
import OwnerCharts
import Packs
import Storage

/// `/owner`: a server's analytics for its owner and members with Manage Server, as ephemeral
/// replies with a PNG chart and the numbers in embed fields; CSV export; insights; the alert
/// webhook. Access is checked on every call (`OwnerAccess`).
struct OwnerFeature: BotFeature {
    let name = "Owner"
    let reports: OwnerReports
    let analytics: any AnalyticsStore
    let alerts: any OwnerAlertsStore
    let packs: any PacksStore
    let owners: GuildOwners
    let charts: OwnerChartAttachment
    let now: @Sendable () -> Timestamp
    let logger: Logger

    static let subcommands = ["funnel", "retention", "revenue", "economy", "ai", "churn", "export", "alerts", "insights", "help"]

    func register(in routes: inout FeatureRoutes) {
        routes.command("owner funnel", ephemeral: true) { try await funnel($0) }
        routes.command("owner retention", ephemeral: true) { try await retention($0) }
        routes.command("owner revenue", ephemeral: true) { try await revenue($0) }
        routes.command("owner economy", ephemeral: true) { try await economy($0) }
        routes.command("owner ai", ephemeral: true) { try await ai($0) }
        routes.command("owner churn", ephemeral: true) { try await churn($0) }
        routes.command("owner export", ephemeral: true) { try await export($0) }
        routes.command("owner alerts", ephemeral: true) { try await alertsCommand($0) }
        routes.command("owner insights", ephemeral: true) { try await insights($0) }
        routes.command("owner help", ephemeral: true) { context in
            _ = try OwnerAccess.check(context.interaction, owners: owners)
            try await context.reply(InteractionMessageData(embeds: [OwnerHelp.embed], flags: .ephemeral))
        }
    }

    /// The guild the caller may see and the options they chose; refuses anyone else.
    func request(_ context: InteractionContext) throws -> (Storage.GuildID, OwnerReportOptions) {
        let guild = try OwnerAccess.check(context.interaction, owners: owners)
        return (Storage.GuildID(guild.rawValue), try OwnerReportOptions(context.interaction.commandData))
    }

    func funnel(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        let report = try await reports.funnel(guild: guild, period: options.period, granularity: options.granularity, now: now())
        try await reply(context, OwnerReportViews.funnel(report, options: options), chart: OwnerChartViews.funnel(report, options: options))
    }

    func retention(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        let report = try await reports.retention(guild: guild, period: options.period, granularity: options.granularity, now: now())
        try await reply(context, OwnerReportViews.retention(report, options: options), chart: OwnerChartViews.retention(report, options: options))
    }

    func revenue(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        let report = try await reports.revenue(guild: guild, period: options.period, granularity: options.granularity, now: now())
        try await reply(context, OwnerReportViews.revenue(report, options: options), chart: OwnerChartViews.mrr(report, options: options))
    }

    func economy(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        let report = try await reports.economy(guild: guild, period: options.period, granularity: options.granularity, now: now())
        try await reply(context, OwnerReportViews.economy(report, options: options), chart: OwnerChartViews.economy(report, options: options))
    }

    func ai(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        let report = try await reports.ai(guild: guild, period: options.period, granularity: options.granularity, now: now())
        try await reply(context, OwnerReportViews.ai(report, options: options), chart: nil)
    }

    func churn(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        let report = try await reports.churn(guild: guild, period: options.period, granularity: options.granularity, now: now())
        try await reply(context, OwnerReportViews.churn(report, options: options), chart: nil)
    }

    func export(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        var data = OwnerCSVExport.Data.rollups
        if case .string(let text)? = context.interaction.commandData?.option(named: "data")?.value {
            guard let chosen = OwnerCSVExport.Data(rawValue: text) else { throw UserMessageError("data must be rollups or events.") }
            data = chosen
        }
        let file = try await OwnerCSVExport(store: analytics).export(data, guild: guild, period: options.period, now: now())
        var text = "\(file.rows) \(data == .events ? "events" : "rollup rows"), \(options.summary). Times are UTC; see /owner help."
        if file.truncated {
            text += "\nThe export stops at \(file.rows) rows (the limit is \(OwnerCSVExport.maximumRows) rows or 8 MiB, for Discord's upload limit): choose a shorter period, or ask the bot's operator for `gachabot analytics export`."
        }
        try await context.reply(
            InteractionMessageData(content: text, flags: .ephemeral),
            files: [FileAttachment(filename: file.filename, contentType: "text/csv", data: file.csv)])
    }

    /// An ephemeral reply with the numbers and, when it renders, the chart shown inside the embed.
    func reply(_ context: InteractionContext, _ embed: Embed, chart: (any SVGChart)?) async throws {
        var embed = embed
        var files: [FileAttachment] = []
        var content: String?
        if let chart {
            switch await charts.render(chart, alt: embed.title ?? "chart") {
            case .attached(let file):
                files.append(file)
                embed.image = Embed.Media(url: "attachment://\(file.filename)")
            case .unavailable(let reason):
                logger.warning("an /owner chart was not rendered: \(reason)")
                content = "The chart could not be drawn (\(reason)); the numbers are below."
            }
        }
        try await context.reply(InteractionMessageData(content: content, embeds: [embed], flags: .ephemeral), files: files)
    }
}
