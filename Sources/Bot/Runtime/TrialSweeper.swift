import DiscordModels
import DiscordREST
import Logging
import Premium
import Storage

/// Trials' last days inside `gachabot run`, at start-up and then every `interval` on the injected
/// clock: queues the reminder of local trials ending within 3 days, ends local trials whose time
/// is up (`trial_end`, once), and sends every due reminder (Stripe's `trial_will_end` queues
/// those too) as a DM. A reminder is claimed before its DM and marked after, so a crash in between
/// never sends it twice: at most once per member.
struct TrialSweeper: Sendable {
    let lifecycle: TrialLifecycle
    let send: @Sendable (TrialReminder) async throws -> Void
    let interval: Duration
    let clock: any Clock<Duration>
    let now: @Sendable () -> Timestamp
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            await sweep()
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }

    func sweep() async {
        let time = now()
        do {
            try await lifecycle.queueReminders(at: time)
            let ended = try await lifecycle.endTrials(at: time)
            if !ended.isEmpty { logger.info("ended \(ended.count) local trial(s)") }
            for reminder in try await lifecycle.claimDueReminders(at: time) {
                var sent = true
                do {
                    try await send(reminder)
                } catch {
                    sent = false
                    logger.warning("could not send the trial reminder DM to \(reminder.user.rawValue): \(error)")
                }
                try await lifecycle.finish(reminder, sent: sent, at: now())
            }
        } catch {
            logger.error("the trial sweep failed: \(error)")
        }
    }
}

/// The reminder as a DM through Discord's REST API: open the DM channel, then post. Nothing in it
/// can ping (`allowed_mentions` parses nothing), and its nonce is the member's, so a retry of the
/// post within Discord's nonce window returns the message already created.
struct TrialReminderDM: Sendable {
    struct Message: Encodable, Sendable {
        let content: String
        let allowed_mentions: AllowedMentions
    }

    let rest: DiscordRESTClient

    static func text(_ reminder: TrialReminder) -> String {
        let end = reminder.endsAt.millisecondsSinceEpoch / 1000
        return "Your Gachabot Pro trial ends <t:\(end):R> (<t:\(end):f>). After that the free limits apply again; "
            + "your collection stays as it is. `/premium` shows your plan and how to keep Pro."
    }

    func send(_ reminder: TrialReminder) async throws {
        let channel = try await rest.createDM(recipient: UserID(reminder.user.rawValue))
        try await rest.createMessage(
            channelID: channel, message: Message(content: Self.text(reminder), allowed_mentions: .none), nonce: "tr\(reminder.user.rawValue)")
    }
}
