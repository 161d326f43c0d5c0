import Storage

/// `/creator apply`: checks the criteria and queues the creator, in one transaction, so the
/// answer and the queue agree. Applying again is the same single queue entry (the primary key
/// decides).
public struct CreatorVerification: Sendable {
    public enum Outcome: Sendable, Hashable {
        case alreadyVerified(since: Timestamp)
        /// `newly` is false when the creator was already in the queue.
        case queued(newly: Bool, checks: [VerificationCheck])
        case notEligible(checks: [VerificationCheck])
    }

    let store: any EconomyStore
    let criteria: VerificationCriteria

    public init(store: any EconomyStore, criteria: VerificationCriteria = VerificationCriteria()) {
        self.store = store
        self.criteria = criteria
    }

    public func apply(_ creator: MemberID, now: Timestamp) async throws -> Outcome {
        let criteria = self.criteria
        return try await store.writeEconomy { tx -> Outcome in
            if let since = try await tx.creatorVerifiedAt(creator) { return .alreadyVerified(since: since) }
            let facts = try await tx.creatorVerificationFacts(
                creator, upheldSince: now.advanced(by: .seconds(-criteria.upheldReportWindowDays * 86_400)))
            let checks = criteria.check(facts)
            guard checks.allSatisfy(\.met) else { return .notEligible(checks: checks) }
            let newly = try await tx.enqueueVerification(creator, at: now)
            if newly {
                try await tx.appendAnalyticsEvent(
                    AnalyticsEvent(name: .creatorVerificationRequested, player: PlayerID(guild: GuildID(0), member: creator), at: now))
            }
            return .queued(newly: newly, checks: checks)
        }
    }

    /// `gachabot creators queue`: creators waiting, not yet verified, oldest first.
    public func queue() async throws -> [VerificationQueueEntry] {
        try await store.readEconomy { try await $0.verificationQueue() }
    }
}

extension EventName {
    public static let creatorVerificationRequested: EventName = "creator_verification_requested"
}
