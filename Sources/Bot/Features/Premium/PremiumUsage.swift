import DiscordModels
import Logging
import Gacha
import Premium
import Storage
import Synchronization

/// What a feature needs to put an action behind a usage meter: the member's tier, the gate that
/// counts inside the action's transaction, and the answers (the warning, the limit with its
/// upgrade prompt).
struct PremiumUsage: Sendable {
    let access: ProAccess
    let gate: UsageGate
    let store: any PremiumStore
    let settings: PremiumSettings
    let now: @Sendable () -> Timestamp
    let logger: Logger

    /// The upgrade prompt's buttons for the member of `context`.
    func upgradeRow(for context: InteractionContext) async -> [Component] {
        await UpgradePromptView.row(for: context, skus: settings.skus, links: settings.links, logger: logger)
    }

    /// Whether `meter` is configured (a meter missing from the limits file counts nothing).
    func meters(_ meter: String) -> Bool { gate.limits.meters[meter] != nil }

    /// Records that the member met a limit (`limit_reached`, and `upgrade_prompt_shown` when the
    /// answer offers Pro), in one transaction. The action itself was rolled back: this is all
    /// that happened.
    func recordLimit(_ notice: UsageNotice, player: PlayerID) async throws {
        let properties = ["meter": notice.meter, "tier": notice.tier.rawValue, "count": String(notice.count), "limit": String(notice.limit)]
        let time = now()
        let events =
            [AnalyticsEvent(name: .limitReached, player: player, at: time, properties: properties)]
            + (notice.offersUpgrade
                ? [AnalyticsEvent(name: .upgradePromptShown, player: player, at: time, properties: properties.merging(["where": "limit"]) { a, _ in a })]
                : [])
        try await store.writePremium { tx in try await tx.appendAnalyticsEvents(events) }
    }

    /// The answer to a member at a limit: ephemeral, with the upgrade prompt when it offers Pro.
    func limitMessage(_ notice: UsageNotice, context: InteractionContext) async -> InteractionMessageData {
        let row = notice.offersUpgrade ? await upgradeRow(for: context) : []
        return InteractionMessageData(content: PremiumViews.text(notice), flags: .ephemeral, components: row.isEmpty ? nil : row)
    }
}

/// The warning a gate returned, kept across the re-runs of a transaction body (the last run's wins).
final class UsageNoticeBox: Sendable {
    private let value = Mutex<UsageNotice?>(nil)
    func set(_ notice: UsageNotice?) { value.withLock { $0 = notice } }
    var notice: UsageNotice? { value.withLock { $0 } }
}
