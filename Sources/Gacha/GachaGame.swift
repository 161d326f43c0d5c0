import Clocks
import Storage

/// The core game: everything a slash-command handler calls. Each operation runs in ONE store
/// transaction, which also appends its analytics events, so a state change and its record commit
/// together or not at all.
///
/// Operations that a member triggers take an `IdempotencyKey` (for Discord: the interaction id);
/// repeating one with the same key returns the first result and changes nothing.
public struct GachaGame: Sendable {
    public let store: any GachaStore
    public let catalogue: Catalogue
    public let configuration: GachaConfiguration
    public let engine: RollEngine
    /// Each server's pack characters, joined with the catalogue's when rolling.
    public let pools: any GuildPoolProvider
    /// Names, rarities and packs of pack characters held only by id (inventories, pulls).
    public let packDirectory: any PackCharacterDirectory
    /// Who may draw from the pool's restricted packs; nil: nobody (they never roll).
    public let packAccess: (any PackAccessPolicy)?
    let random: any RandomSource
    let time: GameTime

    /// `pools` and `packDirectory` default to none: every server rolls the base catalogue only.
    public init(
        store: any GachaStore, catalogue: Catalogue, configuration: GachaConfiguration = .standard,
        random: any RandomSource, time: GameTime, pools: any GuildPoolProvider = EmptyGuildPoolProvider(),
        packDirectory: any PackCharacterDirectory = EmptyPackCharacterDirectory(), packAccess: (any PackAccessPolicy)? = nil
    ) throws {
        try configuration.rates.validate()
        for item in configuration.shop {
            if case .pull(let size) = item.kind, size < 1 || size > catalogue.characters.count {
                throw GachaError.wrongItemKind(item.id)
            }
        }
        self.store = store
        self.catalogue = catalogue
        self.configuration = configuration
        self.engine = RollEngine(catalogue: catalogue, rates: configuration.rates)
        self.pools = pools
        self.packDirectory = packDirectory
        self.packAccess = packAccess
        self.random = random
        self.time = time
    }

    public var rolls: RollService { RollService(game: self) }
    public var points: PointsService { PointsService(game: self) }
    public var shop: ShopService { ShopService(game: self) }
    public var pulls: PullService { PullService(game: self) }
    public var inventory: InventoryService { InventoryService(game: self) }

    /// Shows stored character ids; `pool`: the server's, when the caller has it.
    func characters(in pool: GuildPool?) -> CharacterResolver {
        CharacterResolver(catalogue: catalogue, directory: packDirectory, pool: pool)
    }

    /// The server's pool, read before a transaction that rolls (like the time and the seed), so a
    /// re-run draws from the very same characters.
    func pool(for player: PlayerID) async throws -> GuildPool {
        try await pools.pool(for: player.guild)
    }

    /// Runs `body` in one write transaction that acts for `player`, with the current game time and
    /// a seed drawn before it, so a re-run after a conflict behaves exactly like the first run.
    ///
    /// The transaction locks the player first (`lockPlayer`): two operations for one member never
    /// interleave, whatever they read (an inventory below the cap, no open pull), while operations
    /// for different members never wait for each other. A duplicate decided by a unique constraint
    /// (two first sights of a member at once, the same idempotency key in two transactions at once)
    /// means another transaction won: the body runs once more and finds its result.
    ///
    /// `pool`: the server's pool, read by the caller before (for rolls, and to show pack characters).
    func transaction<T: Sendable>(
        for player: PlayerID, pool: GuildPool? = nil, _ body: @escaping @Sendable (GameTransaction) async throws -> T
    ) async throws -> T {
        let now = time.now()
        let seed = random.next(below: UInt64.max)
        let operation: @Sendable (any GachaTransaction) async throws -> T = { [self] tx in
            try await tx.lockPlayer(player)
            let transaction = GameTransaction(tx: tx, game: self, now: now, random: SeededRandomSource(seed: seed), pool: pool)
            let result = try await body(transaction)
            try await transaction.flushEvents()
            return result
        }
        do {
            return try await store.writeGacha(operation)
        } catch StoreError.duplicate {
            return try await store.writeGacha(operation)
        }
    }

    /// Runs `body` against a read snapshot with the current game time.
    func snapshot<T: Sendable>(_ body: @escaping @Sendable (any GachaReader, Timestamp) async throws -> T) async throws -> T {
        let now = time.now()
        return try await store.readGacha { reader in try await body(reader, now) }
    }
}
