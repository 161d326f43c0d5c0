import Storage

/// The reports as plain text: what `gachabot owner report` prints and what `/owner` shows, so
/// both give the same numbers.
public enum ReportText {
    public static func render(_ r: OwnerReport) -> String {
        [funnel(r.funnel), retention(r.retention), revenue(r.revenue), economy(r.economy), ai(r.ai), churn(r.churn)].joined(separator: "\n")
    }

    static func scope(_ h: ReportHeader) -> String {
        let who = h.guild.map { "guild \($0)" } ?? "all guilds"
        return "\(who), \(h.period), by \(h.granularity.rawValue), ending \(ReportFormat.date(day: h.window.lastDay)) (UTC)"
    }

    public static func funnel(_ f: FunnelReport) -> String {
        var lines = ["Funnel — \(scope(f.header))", "cohort       new  rolled  talked  trial  paid"]
        func row(_ label: String, _ c: FunnelCohort) -> String {
            let shares = c.shares.map(\.percentText)
            return "\(label.padding(toLength: 11, withPad: " ", startingAt: 0)) \(pad(c.newMembers, 4))  \(pad(c.rolled, 6))  \(pad(c.talked, 6))  \(pad(c.trial, 5))  \(pad(c.paid, 4))"
                + "   (\(shares.joined(separator: " / ")))"
        }
        for c in f.cohorts { lines.append(row(ReportFormat.date(day: c.startDay), c)) }
        lines.append(row("total", f.total))
        return lines.joined(separator: "\n") + "\n"
    }

    public static func retention(_ r: RetentionReport) -> String {
        var lines = ["Retention — \(scope(r.header))", "cohort       new  D1            D7            D30"]
        func cell(_ x: Ratio) -> String { "\(x.percentText) (\(x.numerator)/\(x.denominator))".padding(toLength: 13, withPad: " ", startingAt: 0) }
        func row(_ label: String, _ c: RetentionCohort) -> String {
            "\(label.padding(toLength: 11, withPad: " ", startingAt: 0)) \(pad(c.newMembers, 4))  \(cell(c.d1)) \(cell(c.d7)) \(cell(c.d30))"
        }
        for c in r.cohorts { lines.append(row(ReportFormat.date(day: c.startDay), c)) }
        lines.append(row("total", r.total))
        return lines.joined(separator: "\n") + "\n"
    }

    public static func revenue(_ r: RevenueReport) -> String {
        var lines = [
            "Revenue — \(scope(r.header))",
            "MRR \(ReportFormat.money(r.mrr))  ARR \(ReportFormat.money(r.arr))  paying customers \(r.payingCustomers)  ARPU \(ReportFormat.optional(r.arpu, ReportFormat.money))",
            "trial → paid \(r.trialToPaid.percentText) (\(r.trialToPaid.numerator)/\(r.trialToPaid.denominator))  monthly churn \(r.monthlyChurn.percentText) (\(r.monthlyChurn.numerator)/\(r.monthlyChurn.denominator))  LTV \(ReportFormat.optional(r.ltv, ReportFormat.money))",
        ]
        for g in r.guilds.prefix(10) {
            lines.append("  guild \(g.guild): MRR \(ReportFormat.money(g.mrr)), paying \(g.payingCustomers), ARPU \(ReportFormat.optional(g.arpu, ReportFormat.money)), received \(ReportFormat.money(Double(g.revenue)))")
        }
        if let last = r.mrrSeries.last { lines.append("MRR series: \(r.mrrSeries.count) points, last \(ReportFormat.date(day: last.day)) \(ReportFormat.money(last.mrr))") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func economy(_ e: EconomyReport) -> String {
        var lines = [
            "Economy — \(scope(e.header))",
            "minted \(e.total.totalMinted)  burned \(e.total.totalBurned)  net \(e.total.net)  active members \(e.activeMembers)  spent per active member \(ReportFormat.optional(e.spentPerActiveMember))",
            "balances: median \(ReportFormat.optional(e.balanceMedian))  top 1% hold \(ReportFormat.optional(e.top1PercentShare, ReportFormat.percent))",
        ]
        let sources = e.total.minted.sorted { $0.key < $1.key }.map { "\($0.key.isEmpty ? "(none)" : $0.key) \($0.value)" }
        let sinks = e.total.burned.sorted { $0.key < $1.key }.map { "\($0.key.isEmpty ? "(none)" : $0.key) \($0.value)" }
        lines.append("sources: \(sources.isEmpty ? "none" : sources.joined(separator: ", "))")
        lines.append("sinks: \(sinks.isEmpty ? "none" : sinks.joined(separator: ", "))")
        lines.append("items: \(e.items.isEmpty ? "none" : e.items.map { "\($0.item) \($0.purchases)" }.joined(separator: ", "))")
        for b in e.buckets { lines.append("  \(ReportFormat.date(day: b.startDay)): +\(b.totalMinted) −\(b.totalBurned) net \(b.net)") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func ai(_ a: AIReport) -> String {
        var lines = [
            "AI — \(scope(a.header))",
            "calls \(a.calls)  tokens \(a.tokens)  tokens per call: mean \(ReportFormat.optional(a.tokensPerCallMean)), p50 \(ReportFormat.optional(a.tokensPerCallP50)), p95 \(ReportFormat.optional(a.tokensPerCallP95))",
            "cost \(ReportFormat.micros(Double(a.costMicros)))  talking members \(a.talkingMembers)  cost per talking member \(ReportFormat.optional(a.costPerTalkingMember, ReportFormat.micros))",
        ]
        for g in a.guilds.prefix(10) {
            lines.append("  guild \(g.guild): cost \(ReportFormat.micros(Double(g.costMicros))), revenue \(ReportFormat.money(Double(g.revenue))), cost ÷ revenue \(ReportFormat.optional(g.costToRevenue, ReportFormat.percent))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func churn(_ c: ChurnReport) -> String {
        var lines = ["Churn signals — \(scope(c.header))"]
        lines.append("guilds falling ≥ 50%: \(c.fallingGuilds.isEmpty ? "none" : "")")
        for g in c.fallingGuilds {
            lines.append("  guild \(g.guild): \(g.lastWeek) active in the last 7 days against \(String(format: "%.1f", g.previousWeeklyAverage)) a week before (−\(ReportFormat.percent(g.drop)))")
        }
        lines.append("trials ending within 3 days without a payment method: \(c.endingTrials.count)")
        for t in c.endingTrials.prefix(20) { lines.append("  member \(t.player.member) (guild \(t.player.guild)) ends \(AnalyticsCSV.iso(t.endsAt))") }
        lines.append("Pro members inactive 14 days: \(c.inactivePro.count)")
        for p in c.inactivePro.prefix(20) {
            lines.append("  member \(p.player.member) (guild \(p.player.guild)) last active \(p.lastActivity.map(AnalyticsCSV.iso) ?? "never")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
