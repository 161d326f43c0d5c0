import Storage

/// A trial's last days, run by the bot's sweeper on its injected clock: the reminder DM 3 days
/// before the end (local trials found here; Stripe trials queued by
/// `customer.subscription.trial_will_end`), and, for a local trial, its end recorded once with a
/// `trial_end` event. The member is then on free limits: the trial entitlement's period is over,
/// and nothing else changes (collections are never touched).
public struct TrialLifecycle: Sendable {
    /// How long before a trial's end its reminder goes out.
    public static let reminderLead: Duration = .seconds(3 * 86_400)

    public let store: any PremiumStore
    public let entitlements: EntitlementService

    public init(store: any PremiumStore, entitlements: EntitlementService) {
        self.store = store
        self.entitlements = entitlements
    }

    /// Queues a reminder for every local trial ending within the next 3 days that has none.
    /// Returns how many were queued.
    @discardableResult
    public func queueReminders(at time: Timestamp) async throws -> Int {
        try await store.writePremium { tx in
            var queued = 0
            for trial in try await tx.trialsToRemind(endingAfter: time, through: time.advanced(by: Self.reminderLead)) {
                let reminder = TrialReminder(user: trial.user, sourceID: trial.sourceID, endsAt: trial.endsAt, updatedAt: time)
                if try await tx.recordTrialReminder(reminder) { queued += 1 }
            }
            return queued
        }
    }

    /// Claims every due reminder (`due` → `sending`), each in its own transaction so two processes
    /// never claim one reminder. The caller sends the DM, then calls `finish`.
    public func claimDueReminders(at time: Timestamp) async throws -> [TrialReminder] {
        let due = try await store.readPremium { try await $0.trialReminders(state: .due) }
        var claimed: [TrialReminder] = []
        for reminder in due {
            let won = try await store.writePremium { tx in
                try await tx.moveTrialReminder(user: reminder.user, from: .due, to: .sending, at: time)
            }
            if won { claimed.append(reminder) }
        }
        return claimed
    }

    /// Records the DM's outcome: `sent`, or `failed` (DMs closed, user unknown). A failed reminder
    /// is not retried: a member who closed their DMs would be asked again every sweep.
    public func finish(_ reminder: TrialReminder, sent: Bool, at time: Timestamp) async throws {
        try await store.writePremium { tx in
            _ = try await tx.moveTrialReminder(user: reminder.user, from: .sending, to: sent ? .sent : .failed, at: time)
        }
    }

    /// Ends every local trial whose time is up and whose end is not recorded: `trial_end` with the
    /// outcome (`converted` when the member holds Pro from another source, else `expired`), once.
    /// Returns the members whose trial ended.
    @discardableResult
    public func endTrials(at time: Timestamp) async throws -> [MemberID] {
        let ending = try await store.readPremium { try await $0.trialsToEnd(at: time) }
        var ended: [MemberID] = []
        for trial in ending {
            let recorded = try await store.writePremium { tx -> Bool in
                let others = try await tx.entitlements(user: trial.user).filter { $0.source != .trial }
                let converted = others.contains { ($0.status == .active || $0.status == .trialing) && ($0.periodEnd.map { $0 > time } ?? true) }
                let outcome = converted ? "converted" : "expired"
                guard try await tx.recordTrialEnd(user: trial.user, outcome: outcome, at: time) else { return false }
                try await tx.appendAnalyticsEvent(
                    AnalyticsEvent(
                        name: .trialEnd, player: PlayerID(guild: GuildID(0), member: trial.user), at: time,
                        properties: [
                            "source": "local", "outcome": outcome, "trial_end": String(trial.endsAt.millisecondsSinceEpoch / 1000),
                            "amount": "0",
                        ]))
                return true
            }
            if recorded {
                entitlements.invalidate(user: trial.user)
                ended.append(trial.user)
            }
        }
        return ended
    }
}
