/// What a notification on `gachabot_invalidate` asks a process to drop from its caches. Triggers
/// in the database send them (migration `v13_cluster`), in the transaction of the write, so they
/// arrive only when it commits.
public enum CacheInvalidation: Sendable, Hashable {
    /// A user's entitlements changed (payload `entitlement:<user id>`).
    case entitlements(user: UInt64)
    /// The listener (re)connected: notifications sent while it was away are lost, so everything
    /// cached must be read again.
    case everything

    public static let channel = "gachabot_invalidate"

    /// Nil for a payload this binary does not know (a newer process's): ignored.
    public init?(payload: String) {
        if payload.hasPrefix("entitlement:"), let user = Int64(payload.dropFirst("entitlement:".count)) {
            self = .entitlements(user: UInt64(bitPattern: user))
        } else {
            return nil
        }
    }
}
