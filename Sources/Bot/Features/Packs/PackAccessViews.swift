import DiscordModels
import Gacha
import Packs
import Storage

/// How pack access speaks in Discord: the Pro refusal with its upgrade buttons, a subscription's
/// state, and the lapse a roll tells once.
enum PackAccessViews {
    /// A refused access operation, privately; a Pro-only refusal carries the upgrade buttons
    /// (Discord's premium button, a Checkout link) when premium is set up, and says what to do either way.
    static func refusal(_ error: PackAccessError, context: InteractionContext, usage: PremiumUsage?) async -> InteractionMessageData {
        guard case .proRequired = error else { return InteractionMessageData(content: error.description, flags: .ephemeral) }
        let row = await usage?.upgradeRow(for: context) ?? []
        return InteractionMessageData(
            content: error.description + "\n`/premium` shows the plans; free packs stay open to everyone.", flags: .ephemeral,
            components: row.isEmpty ? nil : row)
    }

    /// "Free for everyone", "🔒 Pro-only" or "🎟️ 100 points / 30 days".
    static func mode(_ access: PackAccess) -> String {
        switch access {
        case .free: "free for everyone"
        case .pro: "🔒 Pro-only (Pro members and Pro servers)"
        case .subscription(let points): "🎟️ a subscription of \(Format.points(points)) per 30 days"
        }
    }

    static func date(_ time: Timestamp) -> String { "<t:\(time.millisecondsSinceEpoch / 1000):f>" }

    /// One line of `/packs subscriptions`.
    static func line(_ view: PackAccessService.SubscriptionView) -> String {
        let s = view.subscription
        let head = "• **\(Format.plain(view.packName))** · \(Format.points(s.price)) / 30 days · "
        switch s.status {
        case .active where view.active: return head + "renews \(Format.relative(s.periodEnd))"
        case .cancelled where view.active: return head + "cancelled: access until \(date(s.periodEnd))"
        case .lapsed: return head + "lapsed for want of points on \(date(s.periodEnd)): `/packs subscribe` to start again"
        default: return head + "ended \(date(s.periodEnd))"
        }
    }

    /// What a roll says about subscriptions that lapsed since the last one: which pack, and the
    /// usual insufficient-points text with the ways to earn more. Nil without any.
    static func lapses(_ lapses: [AccessLapse]?) -> String? {
        guard let lapses, !lapses.isEmpty else { return nil }
        return lapses.map { lapse in
            "⏸️ Your subscription to **\(Format.plain(lapse.packName))** lapsed: its renewal was "
                + "\(Format.points(lapse.points.price)) and you had \(Format.points(lapse.points.balance)), so its characters "
                + "no longer roll for you (those you own stay yours). "
                + GachaError.insufficientPoints(lapse.points).userMessage
                + "\nThen `/packs subscribe` to start again."
        }.joined(separator: "\n\n").prefixScalars(1_900)
    }
}

/// A refused access operation is the member's to read.
extension PackAccessError: UserFacingError {
    public var userMessage: String { description }
}

extension String {
    /// At most `limit` Unicode scalars (a message's content has Discord's limit of 2,000).
    fileprivate func prefixScalars(_ limit: Int) -> String {
        unicodeScalars.count <= limit ? self : String(String.UnicodeScalarView(unicodeScalars.prefix(limit - 1))) + "…"
    }
}
