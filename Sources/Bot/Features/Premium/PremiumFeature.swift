import DiscordModels
import Logging
import Premium
import Storage

/// `/premium`: the member's plan and where it comes from, their one free trial (a button starts
/// it while it was never used), their usage meters with when each resets, and a way on: the
/// upgrade prompt for a Free member, the Billing Portal for one who pays by card.
struct PremiumFeature: BotFeature {
    let name = "Premium"
    let entitlements: EntitlementService
    let usage: PremiumUsage
    let logger: Logger

    var settings: PremiumSettings { usage.settings }

    func register(in routes: inout FeatureRoutes) {
        routes.command("premium", ephemeral: true) { context in try await show(context) }
        routes.component(PremiumTrialID.self) { context, id in try await startTrial(context, id) }
    }

    private func member(_ context: InteractionContext) throws -> (MemberID, Storage.GuildID?) {
        guard let user = context.userID else { throw UserMessageError("Run `/premium` as a member.") }
        return (MemberID(user.rawValue), context.interaction.guild_id.map { Storage.GuildID($0.rawValue) })
    }

    private func show(_ context: InteractionContext) async throws {
        let (user, guild) = try member(context)
        let time = usage.now()
        let overview = try await entitlements.overview(user: user)
        let tier = try await usage.access.tier(context, at: time)
        var lines = ["**Plan: \(PremiumViews.planName(tier))**"]
        let holding = overview.entitlements.filter { entitlement in
            guard let until = overview.proUntil(entitlement), until > time else { return false }
            return entitlement.guild == nil || entitlement.guild == guild
        }
        for entitlement in holding {
            let until = overview.proUntil(entitlement).map { $0.millisecondsSinceEpoch == .max ? "no end date" : "until \(Format.relative($0))" }
            let scope = entitlement.guild == nil ? "" : " (this server)"
            lines.append("• \(PremiumViews.sourceName(entitlement.source))\(scope): \(until ?? "")")
        }
        if tier == .pro, holding.isEmpty { lines.append("• Discord subscription held by this server") }

        // The trial: one per user, ever.
        var rows: [Component] = []
        if let trial = overview.trial {
            let verb = trial.endsAt > time ? "ends" : "ended"
            lines.append("Free trial: used, \(verb) \(Format.relative(trial.endsAt)).")
        } else {
            let days = settingsTrialDays
            lines.append("Free trial: not used yet (\(days) days of Pro, once).")
            // Offered while it would add something: a member who is Pro keeps it for later.
            if tier != .pro {
                let id = try PremiumTrialID(user: user.rawValue).encoded()
                rows.append(.actionRow(ActionRow(components: [.button(Button(style: .success, label: "Start my free trial", custom_id: id))])))
            }
        }

        // Usage, per meter, with its reset.
        let meters = usage.gate.limits.meters.values.sorted { $0.name < $1.name }
        if !meters.isEmpty {
            lines.append("**Usage**")
            let keys = meters.map { meter -> UsageKey in
                let subject: UsageSubject = meter.scope == .guild ? .guild(guild ?? Storage.GuildID(0)) : .user(user)
                return UsageKey(subject: subject, meter: meter.name, periodStart: meter.period.bounds(containing: time).start)
            }
            let counters = try await usage.store.readPremium { reader in
                var counts: [Int64] = []
                for key in keys { counts.append(try await reader.usage(key)?.count ?? 0) }
                return counts
            }
            for (meter, count) in zip(meters, counters) {
                let limit = usage.gate.limits.limit(meter.name, tier: tier).map { "of \($0)" } ?? "(no limit)"
                let reset = meter.period.bounds(containing: time).reset
                lines.append("• \(PremiumViews.meterName(meter.name)): \(count) \(limit) \(PremiumViews.periodName(meter.period)) · resets \(Format.relative(reset))")
            }
        }

        // A way on: manage a card subscription, or upgrade.
        if let stripe = holding.first(where: { $0.source == .stripe && $0.customerID != nil }), let customer = stripe.customerID,
            let userID = context.userID
        {
            do {
                if let url = try await settings.links.billingPortalURL(user: userID, customerID: customer) {
                    rows.append(.actionRow(ActionRow(components: [.button(.link("Manage subscription", url: url))])))
                }
            } catch {
                logger.warning("no Billing Portal link", metadata: ["error": "\(error)"])
            }
        } else if tier != .pro {
            rows += await usage.upgradeRow(for: context)
            try await usage.store.writePremium { [now = time] tx in
                try await tx.appendAnalyticsEvent(
                    AnalyticsEvent(
                        name: .upgradePromptShown, player: PlayerID(guild: guild ?? Storage.GuildID(0), member: user), at: now,
                        properties: ["where": "premium", "tier": tier.rawValue]))
            }
        }
        try await context.reply(InteractionMessageData(content: lines.joined(separator: "\n"), flags: .ephemeral, components: rows.isEmpty ? nil : rows))
    }

    private var settingsTrialDays: Int64 { entitlements.configuration.trialLength.wholeMilliseconds / 86_400_000 }

    private func startTrial(_ context: InteractionContext, _ id: PremiumTrialID) async throws {
        let (user, guild) = try member(context)
        guard user.rawValue == id.user else {
            throw UserMessageError("This button isn't yours: run `/premium` to see your own plan.")
        }
        switch try await entitlements.startTrial(user: user, guild: guild, at: usage.now()) {
        case .started(let trial):
            try await context.replyPrivately(
                "🎉 Your free Pro trial has started. It ends \(Format.relative(trial.endsAt)); after that you're back on Free, "
                    + "and everything you collected stays yours.")
        case .alreadyUsed(let trial):
            try await context.replyPrivately(
                "You've already had your free trial (it started \(Format.relative(trial.startedAt))). `/premium` shows how to upgrade.")
        }
    }
}
