import DiscordModels
import Premium
import Storage

/// The premium area's messages.
enum PremiumViews {
    static func periodName(_ period: UsagePeriod) -> String {
        switch period {
        case .hour: "this hour"
        case .day: "today"
        case .week: "this week"
        case .month: "this month"
        }
    }

    static func per(_ period: UsagePeriod) -> String {
        switch period {
        case .hour: "per hour"
        case .day: "per day"
        case .week: "per week"
        case .month: "per month"
        }
    }

    static func meterName(_ meter: String) -> String { meter.replacingOccurrences(of: "_", with: " ") }

    /// A warning near the limit, or the limit: counts, the reset, the free alternative, and Pro.
    static func text(_ notice: UsageNotice) -> String {
        let what = meterName(notice.meter)
        var lines: [String]
        switch notice.kind {
        case .warning:
            lines = ["⚠️ You've used **\(notice.count) of \(notice.limit)** \(what) \(periodName(notice.period)). They reset \(Format.relative(notice.resetsAt))."]
        case .limit:
            lines = [
                "⏳ You've used all **\(notice.limit)** \(what) \(periodName(notice.period)) on the \(planName(notice.tier)) plan. "
                    + "They reset \(Format.relative(notice.resetsAt)).",
            ]
            if let free = notice.freeAlternative { lines.append("Meanwhile: \(free)") }
        }
        if let pro = notice.proLimit {
            lines.append(pro.map { "**Pro** allows \($0) \(what) \(per(notice.period))." } ?? "**Pro** has no limit on \(what).")
        }
        return lines.joined(separator: "\n")
    }

    static func planName(_ tier: PremiumTier) -> String { tier == .pro ? "Pro" : tier.rawValue.capitalized }

    static func sourceName(_ source: EntitlementSource) -> String {
        switch source {
        case .stripe: "Card subscription"
        case .discord: "Discord subscription"
        case .trial: "Free trial"
        case .gift: "Gift"
        }
    }
}
