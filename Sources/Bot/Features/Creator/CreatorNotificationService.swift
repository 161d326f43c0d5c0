import DiscordModels
import DiscordREST
import Economy
import Logging
import Packs
import Storage

/// Creator DMs inside `gachabot run`: every `interval` on the injected clock, records the
/// notifications of new outbox events (`CreatorNotifier.collect`), then sends those due, one at a
/// time. A failed DM (Discord's 50007 "Cannot send messages to this user" or anything else) is
/// recorded and retried with the policy's backoff, then given up: never retried forever.
struct CreatorNotificationService: Sendable {
    let notifier: CreatorNotifier
    let send: @Sendable (CreatorNotification) async throws -> Void
    let interval: Duration
    let clock: any Clock<Duration>
    let now: @Sendable () -> Timestamp
    let logger: Logger
    /// DMs per sweep: a backlog drains over several sweeps instead of flooding Discord.
    var batch = 50

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            await sweep()
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }

    func sweep() async {
        do {
            // Drain what arrived (bounded: a scan reads at most the notifier's batch of events).
            var rounds = 0
            while try await notifier.collect(now: now()) > 0, rounds < 10 { rounds += 1 }
            for notification in try await notifier.due(now: now(), limit: batch) {
                do {
                    try await send(notification)
                    try await notifier.delivered(notification, at: now())
                } catch {
                    let failed = try await notifier.failed(notification, error: Self.describe(error), at: now())
                    logger.warning(
                        "creator DM failed",
                        metadata: [
                            "event": "\(notification.eventID)", "creator": "\(notification.creator.rawValue)", "attempts": "\(failed.attempts)",
                            "given_up": "\(failed.status == .failed)", "error": "\(failed.lastError ?? "")",
                        ])
                }
            }
        } catch {
            logger.error("the creator notification sweep failed: \(error)")
        }
    }

    /// Discord's code and message, never a request body or a token.
    static func describe(_ error: any Error) -> String {
        if let rest = error as? DiscordRESTError, case .http(let status, let body?) = rest {
            return "HTTP \(status), code \(body.code): \(body.message)"
        }
        return String(describing: error)
    }
}

/// A creator notification as a DM: open the DM channel, post the text. Creator text (a pack's
/// name) is neutralised, `allowed_mentions` parses nothing, and the nonce is the event's, so a
/// resend after a crash within Discord's nonce window returns the message already created.
struct CreatorNotificationDM: Sendable {
    struct Message: Encodable, Sendable {
        let content: String
        let allowed_mentions: AllowedMentions
    }

    let rest: DiscordRESTClient

    func send(_ notification: CreatorNotification) async throws {
        let channel = try await rest.createDM(recipient: UserID(notification.creator.rawValue))
        try await rest.createMessage(
            channelID: channel, message: Message(content: Self.text(notification), allowed_mentions: .none), nonce: "cn\(notification.eventID)")
    }

    static func text(_ n: CreatorNotification) -> String {
        let pack = "**\(PackText.inline(n.subject))**"
        let detail = PackText.plain(n.detail, limit: 40)
        let body: String
        switch n.kind {
        case .rated: body = "Your pack \(pack) got a new rating: \(detail) ★."
        case .reported:
            body = "Your pack \(pack) was reported (\(detail.isEmpty ? "no reason" : detail)). An operator reviews reports; nothing changes until then."
        case .hidden:
            body = "Your pack \(pack) is hidden " + (detail == "reports" ? "pending review: several members reported it." : "by an operator.")
                + " It left browse, search and roll pools; members keep what they own."
        case .restored: body = "Your pack \(pack) is published again after review."
        case .payoutPaid: body = "Your payout `\(PackText.plain(n.subject, limit: 80))` of \(detail) is paid."
        case .payoutFailed:
            body = "Your payout `\(PackText.plain(n.subject, limit: 80))` of \(detail) failed; the amount is back in your payable balance."
        case .referralConverted:
            body = "A member you referred" + (n.subject.isEmpty ? "" : " with \(pack)") + " started Pro: your commission is booked."
        }
        return body + "\n-# `/creator notifications` turns these DMs off."
    }
}
