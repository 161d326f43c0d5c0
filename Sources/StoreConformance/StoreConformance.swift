import Economy
import OwnerAlerts
import Gacha
import Packs
import Premium
import Storage
import Talk
import Testing

/// The store contract, as tests every database must pass: one case list per area, run against a
/// fresh store from the factory each time, with the ledger invariant checked after every case.
/// Each database's test target hands its own factory to the same cases.
public struct StoreConformance<S: Store & GachaStore & PacksStore & PremiumStore & TalkStore & EconomyStore & OwnerAlertsStore>: Sendable
where S.Transaction: GachaTransaction & PacksTransaction & PremiumTransaction & TalkTransaction & EconomyTransaction & OwnerAlertsTransaction {
    /// Runs `body` with a new, empty, migrated store and disposes of it afterwards.
    public typealias Factory = @Sendable (_ body: @Sendable (S) async throws -> Void) async throws -> Void
    /// Writes rows of `pack_draws` as the roll path would (each database's test target has a small
    /// SQL helper until the gacha contract's own primitive lands).
    public typealias DrawRecorder = @Sendable (_ store: S, _ draws: [TestPackDraw]) async throws -> Void

    let withStore: Factory
    let recordDraws: DrawRecorder?
    /// Whether the database runs one writer at a time (SQLite) instead of detecting conflicts and
    /// re-running a body (PostgreSQL).
    let serializesWriters: Bool

    public init(serializesWriters: Bool, withStore: @escaping Factory, recordDraws: DrawRecorder? = nil) {
        self.serializesWriters = serializesWriters
        self.withStore = withStore
        self.recordDraws = recordDraws
    }

    public func run(_ testCase: KernelCase) async throws {
        try await withStore { store in
            try await KernelCases(store: store, serializesWriters: serializesWriters).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    public func run(_ testCase: GachaCase) async throws {
        try await withStore { store in
            try await GachaCases(store: store).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    public func run(_ testCase: PacksCase) async throws {
        let recordDraws = try #require(recordDraws, "the packs cases need a DrawRecorder")
        try await withStore { store in
            try await PacksCases(store: store, recordDraws: { try await recordDraws(store, $0) }).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    public func run(_ testCase: PremiumCase) async throws {
        try await withStore { store in
            try await PremiumCases(store: store, serializesWriters: serializesWriters).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    public func run(_ testCase: TalkCase) async throws {
        try await withStore { store in
            try await TalkCases(store: store).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    public func run(_ testCase: EconomyCase) async throws {
        let recordDraws = try #require(recordDraws, "the economy cases need a DrawRecorder")
        try await withStore { store in
            try await EconomyCases(store: store, serializesWriters: serializesWriters, recordDraws: { try await recordDraws(store, $0) })
                .run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    public func run(_ testCase: OwnerAlertsCase) async throws {
        try await withStore { store in
            try await OwnerAlertsCases(store: store).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    public func run(_ testCase: CreatorCase) async throws {
        try await withStore { store in
            try await CreatorCases(store: store).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }

    /// The ledgers' invariants, after every case: every points balance equals the sum of its
    /// entries and none is negative; every money transaction balances and no payable is in debit.
    static func expectLedgerConsistent(_ store: S) async throws {
        let discrepancies = try await store.read { try await $0.ledgerDiscrepancies() }
        #expect(discrepancies.isEmpty, "ledger discrepancies: \(discrepancies)")
        let money = try await store.readEconomy { try await $0.moneyDiscrepancies() }
        #expect(money.isEmpty, "money ledger discrepancies: \(money)")
    }
}

/// Values the cases share.
enum Fixture {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
    static let p1 = PlayerID(guild: GuildID(7), member: MemberID(70))
    static let p2 = PlayerID(guild: GuildID(7), member: MemberID(71))

    static func newMember(_ player: PlayerID) -> MemberRecord {
        MemberRecord(player: player, firstSeen: t0, rolls: RollAllowanceState(stored: 10, asOf: t0))
    }

    static func entry(_ player: PlayerID, _ amount: Int64, _ key: String) -> LedgerEntry {
        LedgerEntry(player: player, amount: amount, reason: "test", idempotencyKey: key, at: t0)
    }

    struct Boom: Error {}
}

extension StoreError {
    /// The `what` of a duplicate, for cases that check which constraint decided.
    var duplicateOf: String? {
        if case .duplicate(let what, _) = self { return what }
        return nil
    }
}
