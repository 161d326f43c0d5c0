import Logging
import Packs

/// Recomputes the packs' ranking scores (trending decays by the day, usage counts the last 30
/// days, the rating prior follows the global mean) at start-up and then every `interval`, so
/// browse reads precomputed scores. A rating moves its own pack's score at once without it.
struct PackScoreRefresher: Sendable {
    let packs: PackService
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            do {
                try await packs.refreshScores()
            } catch {
                logger.error("refreshing pack scores failed: \(error)")
            }
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }
}
