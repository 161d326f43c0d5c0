import Storage

/// Chooses the price a member's Pro Checkout uses. A member in the experiment's flag rollout gets
/// their recorded variant, or is assigned one at this first exposure: the assignment and its
/// `experiment_exposure` event are one transaction, and the assignment's key keeps the first one,
/// so concurrent first exposures record one assignment and one exposure.
public struct PriceExperimentService: Sendable {
    public let store: any PremiumStore
    public let configuration: PriceExperimentConfiguration
    public let flags: FeatureFlags
    public let now: @Sendable () -> Timestamp

    public init(
        store: any PremiumStore, configuration: PriceExperimentConfiguration, flags: FeatureFlags, now: @escaping @Sendable () -> Timestamp
    ) {
        self.store = store
        self.configuration = configuration
        self.flags = flags
        self.now = now
    }

    /// The member's variant, or nil (the default price, no exposure) when the experiment's flag is
    /// off for them. A variant recorded earlier that this configuration no longer lists also
    /// means the default price.
    public func variant(for user: MemberID, guild: GuildID?) async throws -> PriceVariant? {
        let experiment = configuration.experiment
        guard flags.isEnabled(experiment.flag, user: user) else { return nil }
        let chosen = experiment.variant(for: user)
        let time = now()
        let recorded = try await store.writePremium { tx -> String in
            if let existing = try await tx.experimentAssignment(experiment.name, user: user) { return existing.variant }
            let assignment = ExperimentAssignment(experiment: experiment.name, user: user, variant: chosen.name, assignedAt: time)
            guard try await tx.recordExperimentAssignment(assignment) else {
                // Recorded by a concurrent exposure since this transaction's first read.
                return try await tx.experimentAssignment(experiment.name, user: user)?.variant ?? chosen.name
            }
            try await tx.appendAnalyticsEvent(
                AnalyticsEvent(
                    name: .experimentExposure, player: PlayerID(guild: guild ?? GuildID(0), member: user), at: time,
                    properties: [
                        "experiment": experiment.name, "variant": chosen.name, "stripe_price": chosen.stripePrice,
                        "amount": String(chosen.price.amount), "currency": chosen.price.currency,
                    ]))
            return chosen.name
        }
        return experiment.variants.first { $0.name == recorded }
    }
}
