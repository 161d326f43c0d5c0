import DiscordModels
import Economy
import Storage

/// How `/creator` answers look. Amounts are minor units shown with two decimals and the
/// currency; nothing a member typed reaches these texts except through `PackText`.
enum CreatorViews {
    static let color = 0x57F287

    static func money(_ amount: Int64, _ currency: String) -> String { "\(AllocationReport.money(amount)) \(currency.uppercased())" }

    /// The economy's lower-case sentence, capitalised and ended for Discord.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    // MARK: Earnings

    static func earnings(
        _ earnings: [CreatorEarnings], history: [MoneyPosting], month: CreatorMonthToDate, configuration: EconomyConfiguration
    ) -> Embed {
        var lines: [String] = []
        let share = month.shareBasisPoints.map { " · \(percent($0)) of all creators' engagement" } ?? ""
        lines.append(
            "**This month so far:** \(units(month.engagement)) engagement units from \(month.draws) counted draw\(month.draws == 1 ? "" : "s")"
                + share + ". The money is computed when the month is allocated, after refunds.")
        if earnings.isEmpty {
            lines.append("No earnings yet: they come from the monthly revenue share once members with Pro use your packs.")
        }
        for e in earnings {
            lines.append(
                "**\(e.currency.uppercased())** · credited this month \(money(e.monthToDate, e.currency)) · in the hold \(money(e.pending, e.currency))"
                    + " · payable \(money(e.payable, e.currency)) · paid \(money(e.paid, e.currency))")
            if e.payable < configuration.payoutMinimum {
                lines.append(
                    "  \(money(configuration.payoutMinimum - e.payable, e.currency)) more payable until the \(money(configuration.payoutMinimum, e.currency)) payout minimum.")
            } else {
                lines.append("  Ready: ask for it with `/creator payout`.")
            }
        }
        let recent = history.prefix(10).map { posting in
            let amount = -posting.entry.amount
            return "<t:\(posting.at.millisecondsSinceEpoch / 1000):d> \(label(posting.kind)) \(amount >= 0 ? "+" : "")\(money(amount, posting.entry.currency))"
        }
        var fields = [Embed.Field(name: "History", value: recent.isEmpty ? "Nothing yet." : recent.joined(separator: "\n"))]
        fields.append(
            Embed.Field(
                name: "How it works",
                value: "Credits wait \(configuration.payoutHoldDays) days in the hold (refunds), then become payable. "
                    + "`/creator apply` for the verified badge."))
        return Embed(title: "Your creator earnings", description: lines.joined(separator: "\n"), color: color, fields: fields)
    }

    static func label(_ kind: MoneyTransactionKind) -> String {
        switch kind {
        case .allocation: "revenue share"
        case .payoutRequested: "payout requested"
        case .payoutPaid: "payout paid"
        case .payoutFailed: "payout failed, returned"
        default: kind.rawValue.replacingOccurrences(of: "_", with: " ")
        }
    }

    static func percent(_ basisPoints: Int64) -> String { "\(basisPoints / 100).\(String(basisPoints % 100).leftPadded(2))%" }

    static func units(_ thousandths: Int64) -> String { "\(thousandths / 1000).\(String(thousandths % 1000).leftPadded(3))" }

    static func payoutRequested(_ payout: PayoutRecord) -> String {
        "Payout `\(payout.id)` of \(money(payout.amount, payout.currency)) is requested"
            + (payout.status == .paid ? " and paid." : ": an operator sends it and you get a DM when it is paid.")
    }

    // MARK: Verification

    static func apply(_ outcome: CreatorVerification.Outcome) -> String {
        switch outcome {
        case .alreadyVerified(let since):
            return "You are already a verified creator \(CreatorBadge.verified) (since <t:\(since.millisecondsSinceEpoch / 1000):d>)."
        case .queued(let newly, let checks):
            return (newly
                ? "You meet every criterion: you are in the verification queue. An operator reviews it and grants the badge \(CreatorBadge.verified)."
                : "You are already in the verification queue; applying again changes nothing.") + "\n" + criteria(checks)
        case .notEligible(let checks):
            return "Not yet: the verified badge needs every criterion below.\n" + criteria(checks)
        }
    }

    static func criteria(_ checks: [VerificationCheck]) -> String {
        checks.map { "\($0.met ? "✅" : "❌") \($0.criterion): \($0.current) (needs \($0.required))" }.joined(separator: "\n")
    }

    // MARK: Notifications

    static func notifications(disabled: Set<CreatorNotificationKind>, changed: CreatorNotificationKind?) -> String {
        var text = changed.map { "DMs when \($0.displayName) are now **\(disabled.contains($0) ? "off" : "on")**.\n" } ?? ""
        text += "Your creator DMs:\n"
        text += CreatorNotificationKind.allCases.map { "\(disabled.contains($0) ? "🔕" : "🔔") \($0.displayName)" }.joined(separator: "\n")
        return text + "\nChange one with `/creator notifications kind: state:`."
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
