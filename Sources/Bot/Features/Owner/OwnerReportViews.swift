import Analytics
import DiscordModels
import Storage

/// Each report's numbers as embed fields: every figure the chart shows, and those it does not.
enum OwnerReportViews {
    static let color = 0x5865F2

    static func funnel(_ report: FunnelReport, options: OwnerReportOptions) -> Embed {
        let total = report.total
        let shares = total.shares
        var fields = [Embed.Field(name: "New members", value: "\(total.newMembers)", inline: true)]
        for (index, (name, count)) in [("Rolled", total.rolled), ("Talked", total.talked), ("Trial", total.trial), ("Paid", total.paid)].enumerated() {
            fields.append(Embed.Field(name: name, value: "\(count) (\(shares[index].percentText))", inline: true))
        }
        let rows = report.cohorts.suffix(10).map { cohort in
            "`\(ReportFormat.date(day: cohort.startDay))` \(cohort.newMembers) → \(cohort.rolled) → \(cohort.talked) → \(cohort.trial) → \(cohort.paid)"
        }
        if !rows.isEmpty {
            fields.append(Embed.Field(name: "By \(options.granularity.rawValue) (latest \(rows.count))", value: rows.joined(separator: "\n")))
        }
        return Embed(title: "Funnel — \(options.summary)", color: color, fields: fields)
    }

    static func retention(_ report: RetentionReport, options: OwnerReportOptions) -> Embed {
        let total = report.total
        var fields = [Embed.Field(name: "New members", value: "\(total.newMembers)", inline: true)]
        for (name, ratio) in [("D1", total.d1), ("D7", total.d7), ("D30", total.d30)] {
            fields.append(Embed.Field(name: name, value: "\(ratio.percentText) (\(ratio.numerator)/\(ratio.denominator))", inline: true))
        }
        return Embed(
            title: "Retention — \(options.summary)", description: "Active on or after day N; members whose day N is still ahead are not counted.",
            color: color, fields: fields)
    }

    static func revenue(_ report: RevenueReport, options: OwnerReportOptions) -> Embed {
        let fields = [
            Embed.Field(name: "MRR", value: "$" + ReportFormat.money(report.mrr), inline: true),
            Embed.Field(name: "ARR", value: "$" + ReportFormat.money(report.arr), inline: true),
            Embed.Field(name: "Paying customers", value: "\(report.payingCustomers)", inline: true),
            Embed.Field(name: "ARPU", value: ReportFormat.optional(report.arpu) { "$" + ReportFormat.money($0) }, inline: true),
            Embed.Field(name: "Trial → paid", value: "\(report.trialToPaid.percentText) (\(report.trialToPaid.numerator)/\(report.trialToPaid.denominator))", inline: true),
            Embed.Field(name: "Monthly churn", value: report.monthlyChurn.percentText, inline: true),
            Embed.Field(name: "LTV", value: ReportFormat.optional(report.ltv) { "$" + ReportFormat.money($0) }, inline: true),
            Embed.Field(
                name: "Revenue in the period", value: "$" + ReportFormat.money(Double(report.guilds.reduce(Int64(0)) { $0 + $1.revenue })),
                inline: true),
        ]
        return Embed(title: "Revenue — \(options.summary)", color: color, fields: fields)
    }

    static func economy(_ report: EconomyReport, options: OwnerReportOptions) -> Embed {
        let total = report.total
        var fields = [
            Embed.Field(name: "Minted", value: "\(total.totalMinted)", inline: true),
            Embed.Field(name: "Burned", value: "\(total.totalBurned)", inline: true),
            Embed.Field(name: "Net", value: "\(total.net)", inline: true),
            Embed.Field(name: "Spent per active member", value: ReportFormat.optional(report.spentPerActiveMember), inline: true),
            Embed.Field(name: "Active members", value: "\(report.activeMembers)", inline: true),
            Embed.Field(
                name: "Balances", value: "median \(ReportFormat.optional(report.balanceMedian)); top 1% hold "
                    + ReportFormat.optional(report.top1PercentShare, ReportFormat.percent), inline: true),
        ]
        let sources = total.minted.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map { "\($0.key): \($0.value)" }
        let sinks = total.burned.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map { "\($0.key): \($0.value)" }
        if !sources.isEmpty { fields.append(Embed.Field(name: "Sources", value: sources.joined(separator: "\n"), inline: true)) }
        if !sinks.isEmpty { fields.append(Embed.Field(name: "Sinks", value: sinks.joined(separator: "\n"), inline: true)) }
        let items = report.items.prefix(10).map { "\($0.item): \($0.purchases)" }
        fields.append(Embed.Field(name: "Shop items", value: items.isEmpty ? "no purchase" : items.joined(separator: "\n"), inline: true))
        return Embed(title: "Economy — \(options.summary)", color: color, fields: fields)
    }

    static func ai(_ report: AIReport, options: OwnerReportOptions) -> Embed {
        let cost = Double(report.costMicros)
        let revenue = report.guilds.reduce(Int64(0)) { $0 + $1.revenue }
        let fields = [
            Embed.Field(name: "Talk calls", value: "\(report.calls)", inline: true),
            Embed.Field(name: "Tokens", value: "\(report.tokens)", inline: true),
            Embed.Field(
                name: "Tokens per call",
                value: "mean \(ReportFormat.optional(report.tokensPerCallMean)), p50 \(ReportFormat.optional(report.tokensPerCallP50)), p95 \(ReportFormat.optional(report.tokensPerCallP95))"),
            Embed.Field(name: "Cost", value: ReportFormat.micros(cost), inline: true),
            Embed.Field(name: "Talking members", value: "\(report.talkingMembers)", inline: true),
            Embed.Field(name: "Cost per talking member", value: ReportFormat.optional(report.costPerTalkingMember, ReportFormat.micros), inline: true),
            Embed.Field(
                name: "Cost against revenue",
                value: revenue > 0 ? "\(ReportFormat.percent(cost / 1_000_000 / (Double(revenue) / 100))) of $\(ReportFormat.money(Double(revenue)))" : "n/a (no revenue)",
                inline: true),
        ]
        return Embed(title: "AI — \(options.summary)", color: color, fields: fields)
    }

    static func churn(_ report: ChurnReport, options: OwnerReportOptions) -> Embed {
        func list<T>(_ items: [T], _ line: (T) -> String) -> String {
            guard !items.isEmpty else { return "none" }
            let shown = items.prefix(10).map(line)
            return (shown + (items.count > 10 ? ["… and \(items.count - 10) more"] : [])).joined(separator: "\n")
        }
        let fields = [
            Embed.Field(
                name: "Activity fell ≥ 50% (last 7 days against the 4 weeks before)",
                value: list(report.fallingGuilds) { "\($0.lastWeek) active against \(ReportFormat.optional($0.previousWeeklyAverage)) a week (−\(ReportFormat.percent($0.drop)))" }),
            Embed.Field(
                name: "Trials ending within 3 days with no payment method",
                value: list(report.endingTrials) { "<@\($0.player.member.rawValue)> ends <t:\($0.endsAt.millisecondsSinceEpoch / 1000):R>" }),
            Embed.Field(
                name: "Pro members inactive for 14 days",
                value: list(report.inactivePro) { member in
                    "<@\(member.player.member.rawValue)> " + (member.lastActivity.map { "last seen <t:\($0.millisecondsSinceEpoch / 1000):R>" } ?? "never active")
                }),
        ]
        return Embed(title: "Churn signals — as of now", color: color, fields: fields)
    }
}
