import DiscordModels
import Economy
import Storage

/// `/creator`: a creator's own side of the economy, every answer private. Earnings and payouts
/// come from the money ledger (`CreatorEarnings`, `PayoutService`), `apply` from the verification
/// criteria, `notifications` switches the DMs `CreatorNotificationService` sends.
struct CreatorFeature: BotFeature {
    typealias Handler = @Sendable (CreatorFeature, InteractionContext) async throws -> Void

    let name = "Creator"
    let store: any BotStore
    let settings: CreatorSettings
    let now: @Sendable () -> Timestamp

    /// One entry per subcommand, with its line in `Commands/creator.json`: adding one (the
    /// referrals' `/creator referral`) is one entry here or its own feature's `creator …` route.
    static let subcommands: [(path: CommandPath, handler: Handler)] = [
        ("creator earnings", { try await $0.earnings($1) }),
        ("creator payout", { try await $0.payout($1) }),
        ("creator apply", { try await $0.apply($1) }),
        ("creator notifications", { try await $0.notifications($1) }),
    ]

    func register(in routes: inout FeatureRoutes) {
        for (path, handler) in Self.subcommands {
            routes.command(path, ephemeral: true) { context in try await handler(self, context) }
        }
    }

    var payouts: PayoutService { PayoutService(store: store, configuration: settings.economy) }

    func creator(_ context: InteractionContext) throws -> MemberID {
        guard let user = context.userID else { throw UserMessageError("Use `/creator` in a server.") }
        return MemberID(user.rawValue)
    }

    func earnings(_ context: InteractionContext) async throws {
        let creator = try creator(context)
        let time = now()
        let loaded = try await CreatorEarnings.load(creator, configuration: settings.economy, now: time, store: store)
        let month = try await CreatorMonthToDate.load(creator, configuration: settings.economy, now: time, store: store)
        try await context.reply(
            InteractionMessageData(
                embeds: [CreatorViews.earnings(loaded.earnings, history: loaded.history, month: month, configuration: settings.economy)],
                flags: .ephemeral))
    }

    func payout(_ context: InteractionContext) async throws {
        let creator = try creator(context)
        let time = now()
        let earnings = try await CreatorEarnings.load(creator, configuration: settings.economy, now: time, store: store).earnings
        let currency: String
        if let asked = context.optionalString("currency")?.lowercased() {
            currency = asked
        } else if earnings.count == 1 {
            currency = earnings[0].currency
        } else if earnings.isEmpty {
            throw UserMessageError(
                "You have no earnings yet. They come from the monthly revenue share once members with Pro use your packs "
                    + "(see `/creator earnings`).")
        } else {
            throw UserMessageError("You have earnings in several currencies: choose one with `currency:` (\(earnings.map(\.currency).joined(separator: ", "))).")
        }
        do {
            let payout = try await payouts.requestPayout(creator: creator, currency: currency, now: time)
            try await context.replyPrivately(CreatorViews.payoutRequested(payout))
        } catch let error as EconomyError {
            // Below the minimum: the economy's sentence says how much is missing.
            guard case .belowPayoutMinimum = error else { throw error }
            throw UserMessageError(CreatorViews.sentence(error.description))
        }
    }

    func apply(_ context: InteractionContext) async throws {
        let creator = try creator(context)
        let outcome = try await CreatorVerification(store: store, criteria: settings.economy.verification).apply(creator, now: now())
        try await context.replyPrivately(CreatorViews.apply(outcome))
    }

    func notifications(_ context: InteractionContext) async throws {
        let creator = try creator(context)
        let notifier = CreatorNotifier(store: store, policy: settings.retry)
        let kind = context.optionalString("kind")
        let state = context.optionalString("state")
        switch (kind, state) {
        case (let kind?, let state?):
            guard let kind = CreatorNotificationKind(rawValue: kind), ["on", "off"].contains(state) else {
                throw UserMessageError("Choose a kind from the list and `on` or `off`.")
            }
            try await notifier.set(kind, enabled: state == "on", creator: creator, at: now())
            try await context.replyPrivately(CreatorViews.notifications(disabled: try await notifier.disabledKinds(creator), changed: kind))
        case (nil, nil):
            try await context.replyPrivately(CreatorViews.notifications(disabled: try await notifier.disabledKinds(creator), changed: nil))
        default:
            throw UserMessageError("Give both `kind:` and `state:` to change a DM, or neither to list them.")
        }
    }
}
