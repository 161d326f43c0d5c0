import Clocks
import Storage

/// The core game: everything a slash-command handler calls. Each operation runs in ONE store
/// transaction, which also appends its analytics events, so a state change and its record commit
/// together or not at all.
///
/// Operations that a member triggers take an `IdempotencyKey` (for Discord: the interaction id);
/// repeating one with the same key returns the first result and changes nothing.
public struct GachaGame: Sendable {
    public let store: any GameStore
    public let catalogue: Catalogue
    public let configuration: GachaConfiguration
    public let engine: RollEngine
    let random: any RandomSource
    let time: GameTime

    public init(
        store: any GameStore, catalogue: Catalogue, configuration: GachaConfiguration = .standard,
        random: any RandomSource, time: GameTime
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
        self.random = random
        self.time = time
    }

    public var rolls: RollService { RollService(game: self) }
    public var points: PointsService { PointsService(game: self) }
    public var shop: ShopService { ShopService(game: self) }
    public var pulls: PullService { PullService(game: self) }
    public var inventory: InventoryService { InventoryService(game: self) }

    /// Runs `body` in one write transaction with the current game time.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (GameTransaction) throws -> T) async throws -> T {
        try await store.write { [self] tx in
            try body(GameTransaction(tx: tx, game: self, now: time.now()))
        }
    }

    /// Runs `body` against a read snapshot with the current game time.
    func snapshot<T: Sendable>(_ body: @escaping @Sendable (any StoreReader, Timestamp) throws -> T) async throws -> T {
        try await store.read { [time] reader in try body(reader, time.now()) }
    }
}
