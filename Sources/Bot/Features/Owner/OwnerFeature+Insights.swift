import Analytics
import DiscordModels
import Gacha
import OwnerInsights
import Packs
import Storage

/// `/owner insights`: the rules of `OwnerInsights` over this period's reports and the period of
/// the same length just before.
extension OwnerFeature {
    func insights(_ context: InteractionContext) async throws {
        let (guild, options) = try request(context)
        let time = now()
        let current = try await reports.all(guild: guild, period: options.period, granularity: options.granularity, now: time)
        var previous: OwnerReport?
        if let days = options.period.days {
            let before = time.advanced(by: .seconds(-days * 86_400))
            previous = try await reports.all(guild: guild, period: options.period, granularity: options.granularity, now: before)
        }
        let firstTalks = try await firstTalksBySource(guild: guild, window: current.funnel.header.window)
        let found = InsightRules.insights(InsightInputs(current: current, previous: previous, firstTalksBySource: firstTalks))
        let fields = found.map { insight in
            Embed.Field(name: SafeText(insight.headline, limit: 250, singleLine: true).text, value: SafeText("\(insight.numbers)\n→ \(insight.action)", limit: 1000).text)
        }
        let description = found.isEmpty
            ? "Nothing stood out \(options.period == .all ? "over all time" : "in the \(options.summary)") by the rules in /owner help."
            : "The \(found.count) most notable change\(found.count == 1 ? "" : "s") of the \(options.summary), by fixed rules (see /owner help)."
        try await context.reply(
            InteractionMessageData(
                embeds: [Embed(title: "Insights", description: description, color: OwnerReportViews.color, fields: fields)],
                flags: .ephemeral))
    }

    /// First talks in the window by where the character came from: a pack (by its name) or the
    /// base catalogue. From the raw `first_talk` events, which name the character.
    func firstTalksBySource(guild: Storage.GuildID, window: ReportWindow) async throws -> [String: Int64] {
        let events = try await analytics.readAnalytics {
            try await $0.analyticsExportEvents(guild: guild, fromDay: window.firstDay, toDay: window.lastDay, limit: OwnerCSVExport.maximumRows)
        }
        var byPack: [String: Int64] = [:]
        var base: Int64 = 0
        for event in events where event.name.rawValue == "first_talk" {
            if let character = event.properties["character"], let id = PackCharacterID.parse(character) {
                byPack[id.packID, default: 0] += 1
            } else {
                base += 1
            }
        }
        var sources: [String: Int64] = base > 0 ? ["the base characters": base] : [:]
        for (packID, count) in byPack {
            let name = try await packs.readPacks { try await $0.pack(PackID(packID)) }?.name ?? packID
            sources["pack \(SafeText(name, limit: 60, singleLine: true).text)", default: 0] += count
        }
        return sources
    }
}
