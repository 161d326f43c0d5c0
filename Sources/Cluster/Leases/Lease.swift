/// A duty's lease as its holder got it: valid until `expiresAt` (ms since the epoch) unless renewed.
/// `token` (the fencing token) grows each time the lease passes to a new holder, so work stamped
/// with an older token can be told apart from the current holder's.
public struct Lease: Sendable, Hashable {
    public var name: String
    public var holder: String
    public var token: Int64
    public var expiresAt: Int64

    public init(name: String, holder: String, token: Int64, expiresAt: Int64) {
        self.name = name
        self.holder = holder
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// Leases for cluster-wide duties, one per name.
public protocol LeaseStore: Sendable {
    /// Takes the lease for `ttl` when it is free, expired, or already `holder`'s; nil when another
    /// holder's lease is still valid.
    func acquire(_ name: String, holder: String, ttl: Duration) async throws -> Lease?
    /// Extends a lease its holder still has; nil when it was lost (expired and taken, or released).
    func renew(_ lease: Lease, ttl: Duration) async throws -> Lease?
    /// Gives the lease up at once, so another process need not wait for it to expire.
    func release(_ lease: Lease) async throws
}
