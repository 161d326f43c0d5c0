import Logging
import Premium

/// The daily guardrail check inside `gachabot run`: at start-up and then every `interval` (a day)
/// on the injected clock. Checking again is harmless (a rolled-back flag is no longer live), so
/// restarts only make it run sooner.
struct FlagGuardrailJob: Sendable {
    let guardrail: FlagGuardrail
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        while !Task.isCancelled {
            do {
                for result in try await guardrail.check() {
                    if result.verdict == .rolledBack {
                        logger.warning("guardrail rolled a flag back: \(result)")
                    } else {
                        logger.info("guardrail: \(result)")
                    }
                }
            } catch {
                logger.error("the guardrail check failed: \(error)")
            }
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }
}
