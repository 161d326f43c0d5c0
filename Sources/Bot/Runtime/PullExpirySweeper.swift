import Gacha
import Logging

/// Converts pulls left unanswered past their expiry into points, at start-up and then every
/// `interval`, so a paid pull never evaporates (not even across a restart).
struct PullExpirySweeper: Sendable {
    let game: GachaGame
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            do {
                let expired = try await game.pulls.expirePulls()
                if !expired.isEmpty { logger.info("converted \(expired.count) expired pull(s) to points") }
            } catch {
                logger.error("expiring pulls failed: \(error)")
            }
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }
}
