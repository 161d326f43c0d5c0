import Logging
import Packs

/// Renews pack subscriptions inside `gachabot run`, at start-up and then every `interval` on the
/// injected clock: each run renews at most the configured batch of due subscriptions (charging a
/// period while points last, else lapsing them; the member's next roll says why). Owned by the
/// runtime's task group, so it stops with the bot; a failed run is logged and retried next time.
/// Renewals are idempotent per period, so this and `gachabot packs renew-subscriptions` may run at
/// once, in several processes.
struct PackSubscriptionSweeper: Sendable {
    let access: PackAccessService
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            await sweep()
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }

    func sweep() async {
        do {
            let report = try await access.renewDue()
            if !(report.renewed.isEmpty && report.lapsed.isEmpty && report.ended.isEmpty) {
                logger.info(
                    "pack subscriptions swept",
                    metadata: ["renewed": "\(report.renewed.count)", "lapsed": "\(report.lapsed.count)", "ended": "\(report.ended.count)"])
            }
        } catch {
            logger.error("the pack subscription sweep failed: \(error)")
        }
    }
}
