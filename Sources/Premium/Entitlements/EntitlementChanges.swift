import Storage
import Synchronization

/// Tells every entitlement cache in this process that a user's entitlements changed, whoever
/// changed them: the HTTP server's Stripe processor notifies, the bot's `EntitlementService`
/// listens, so a payment shows at the member's next interaction instead of after the cache's
/// time to live. (Another process keeps its time to live.)
public final class EntitlementChanges: Sendable {
    private let listeners = Mutex<[@Sendable (MemberID) -> Void]>([])

    public init() {}

    /// `listener` runs for every change from now on.
    public func listen(_ listener: @escaping @Sendable (MemberID) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    public func notify(_ user: MemberID) {
        for listener in listeners.withLock({ $0 }) { listener(user) }
    }

    private let everyoneListeners = Mutex<[@Sendable () -> Void]>([])

    /// `listener` runs when every user's entitlements may have changed unseen (a cluster's
    /// invalidation listener reconnected, and notifications sent meanwhile were lost).
    public func listenForEveryone(_ listener: @escaping @Sendable () -> Void) {
        everyoneListeners.withLock { $0.append(listener) }
    }

    public func notifyEveryone() {
        for listener in everyoneListeners.withLock({ $0 }) { listener() }
    }
}
