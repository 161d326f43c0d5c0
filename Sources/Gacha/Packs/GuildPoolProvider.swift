import Storage

/// Where the game gets a server's pool of pack characters. The packs area implements it over its
/// store and is expected to cache per guild: the game asks once per roll or pull, before the
/// transaction, and a roll's cost must not grow with the number of packs in the catalogue.
public protocol GuildPoolProvider: Sendable {
    func pool(for guild: GuildID) async throws -> GuildPool
}

/// Every server draws from the base catalogue only.
public struct EmptyGuildPoolProvider: GuildPoolProvider {
    public init() {}
    public func pool(for guild: GuildID) async throws -> GuildPool { .empty }
}

extension GuildPoolProvider where Self == EmptyGuildPoolProvider {
    /// No packs anywhere (the default until the packs area is wired in).
    public static var empty: EmptyGuildPoolProvider { EmptyGuildPoolProvider() }
}

/// The same pool in every server: tools, tests and benchmarks.
public struct FixedGuildPoolProvider: GuildPoolProvider {
    public let pool: GuildPool
    public init(_ pool: GuildPool) { self.pool = pool }
    public func pool(for guild: GuildID) async throws -> GuildPool { pool }
}
