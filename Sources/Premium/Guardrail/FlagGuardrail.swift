import Storage

/// `gachabot flags check`, and the daily job inside `gachabot run`: for each flag that names a
/// guardrail metric, compares the members in its rollout's buckets with the rest over the window,
/// and rolls the flag back to 0% when the exposed group does worse by more than the threshold.
/// The rollback, its audit row (actor `guardrail`, the comparison as the reason) and the flags'
/// change marker are one transaction, so every process turns the flag off within one poll.
public struct FlagGuardrail: Sendable {
    public static let actor = "guardrail"

    public let store: any PremiumStore
    public let configuration: GuardrailConfiguration
    public let now: @Sendable () -> Timestamp

    public init(store: any PremiumStore, configuration: GuardrailConfiguration = GuardrailConfiguration(), now: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.configuration = configuration
        self.now = now
    }

    /// Checks every flag with a guardrail that is live (not killed, rollout above 0) and returns
    /// each comparison, rolled-back flags included.
    public func check() async throws -> [GuardrailComparison] {
        try configuration.validate()
        let time = now()
        let flags = try await store.readPremium { try await $0.featureFlags() }
        var results: [GuardrailComparison] = []
        for flag in flags where !flag.killed && flag.rollout > 0 {
            guard let metricName = flag.guardrail else { continue }
            results.append(try await check(flag, metricName: metricName, at: time))
        }
        return results
    }

    func check(_ flag: FeatureFlag, metricName: String, at time: Timestamp) async throws -> GuardrailComparison {
        let threshold = configuration.threshold(for: flag.name)
        var comparison = GuardrailComparison(
            flag: flag.name, metric: metricName, rollout: flag.rollout, exposed: .init(users: 0, successes: 0),
            rest: .init(users: 0, successes: 0), threshold: threshold, verdict: .unknownMetric)
        guard let metric = GuardrailMetric(rawValue: metricName) else { return comparison }
        let from = time.advanced(by: .zero - configuration.window)
        let observations = try await store.readPremium { try await $0.guardrailObservations(metric, from: from, to: time) }
        for observation in observations {
            let exposed = FlagBucketing.normalizedValue(String(observation.user.rawValue), group: flag.name) <= flag.rollout
            let success = observation.succeeded ? 1 : 0
            if exposed {
                comparison.exposed.users += 1
                comparison.exposed.successes += success
            } else {
                comparison.rest.users += 1
                comparison.rest.successes += success
            }
        }
        guard comparison.exposed.users >= configuration.minimumUsersPerGroup, comparison.rest.users >= configuration.minimumUsersPerGroup,
            comparison.rest.successes >= configuration.minimumSuccessesInRest, let drop = comparison.drop
        else {
            comparison.verdict = .tooFewUsers
            return comparison
        }
        guard drop > threshold else {
            comparison.verdict = .kept
            return comparison
        }
        comparison.verdict = .rolledBack
        let reason = comparison.description
        let rolledBack = try await store.writePremium { tx in
            // Only the rollout that was judged: an operator's change since then stands.
            guard var current = try await tx.featureFlag(flag.name), current.rollout == flag.rollout, !current.killed else { return false }
            current.rollout = 0
            current.updatedAt = time
            try await tx.upsertFeatureFlag(current)
            try await tx.appendFlagAudit(
                FlagAuditEntry(name: flag.name, rolloutBefore: flag.rollout, rolloutAfter: 0, actor: Self.actor, reason: reason, at: time))
            return true
        }
        if !rolledBack { comparison.verdict = .kept }
        return comparison
    }
}
