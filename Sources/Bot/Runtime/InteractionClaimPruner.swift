import Logging
import Storage

/// Forgets interaction claims older than an interaction token's life (15 minutes): Discord delivers
/// no interaction later than that, so no replay can need them. A cluster-wide duty.
struct InteractionClaimPruner: Sendable {
    let claims: any InteractionClaimStore
    let clock: any Clock<Duration>
    let now: @Sendable () -> Timestamp
    let logger: Logger
    var interval: Duration = .seconds(60)
    static let tokenLifetime: Int64 = 15 * 60 * 1000

    func run() async {
        while !Task.isCancelled {
            do {
                let cutoff = Timestamp(millisecondsSinceEpoch: now().millisecondsSinceEpoch - Self.tokenLifetime)
                let pruned = try await claims.pruneInteractionClaims(before: cutoff)
                if pruned > 0 { logger.debug("pruned \(pruned) interaction claim(s)") }
            } catch {
                logger.warning("pruning interaction claims failed: \(error)")
            }
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }
}
