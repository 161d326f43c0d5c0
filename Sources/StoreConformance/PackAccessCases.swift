import Gacha
import Packs
import Storage
import Testing

/// Pack access's cases: modes (no row = free) and the pool versions they move, subscriptions and
/// their reads (the roll path's one query, the due list the sweep reads), and a period charged once
/// whatever the concurrency.
public enum PackAccessCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case accessModes, subscriptions, drawAccess, dueSubscriptions, chargeOncePerPeriod
    public var testDescription: String { rawValue }
}

extension StoreConformance where S: PackAccessStore, S.Transaction: PackAccessTransaction {
    public func run(_ testCase: PackAccessCase) async throws {
        try await withStore { store in
            try await PackAccessCases(store: store).run(testCase)
            try await Self.expectLedgerConsistent(store)
        }
    }
}

struct PackAccessCases<S: Store & PackAccessStore & GachaStore>: Sendable where S.Transaction: PackAccessTransaction & GachaTransaction {
    let store: S
    typealias F = Fixture
    typealias P = PackFixture

    func run(_ testCase: PackAccessCase) async throws {
        switch testCase {
        case .accessModes: try await accessModes()
        case .subscriptions: try await subscriptions()
        case .drawAccess: try await drawAccess()
        case .dueSubscriptions: try await dueSubscriptions()
        case .chargeOncePerPeriod: try await chargeOncePerPeriod()
        }
    }

    func seed(_ ids: [String]) async throws {
        try await store.writePacks { tx in
            for id in ids { try await tx.insertPack(P.pack(id)) }
            try await tx.upsertCharacters(ids.map { P.character($0, "c") })
        }
    }

    func subscription(_ player: PlayerID, _ pack: String, status: PackSubscriptionStatus = .active, end: Int64 = 30) -> PackSubscription {
        PackSubscription(
            player: player, pack: PackID(pack), status: status, price: 50, period: 1, periodStart: F.t0,
            periodEnd: F.t0.advanced(by: .seconds(end)), createdAt: F.t0)
    }

    func accessModes() async throws {
        try await seed(["aaaa", "bbbb", "cccc"])
        try await store.writePacks { tx in try await tx.enablePack(PackID("aaaa"), in: P.g1, by: P.creator, at: F.t0) }
        #expect(try await store.readPackAccess { try await $0.packAccess(PackID("aaaa")) } == .free)
        #expect(try await store.readPackAccess { try await $0.packAccess(PackID("none")) } == .free)
        let before = try await store.readPacks { try await $0.poolVersion(P.g1) }
        try await store.writePackAccess { tx in
            try await tx.setPackAccess(PackID("aaaa"), .pro, at: F.t0)
            try await tx.setPackAccess(PackID("bbbb"), .subscription(points: 75), at: F.t0)
        }
        // Guilds that enabled the pack see a new pool version: their cached pools learn the mode.
        #expect(try await store.readPacks { try await $0.poolVersion(P.g1) } > before)
        #expect(try await store.readPackAccess { try await $0.packAccess(PackID("aaaa")) } == .pro)
        #expect(try await store.readPackAccess { try await $0.packAccess(PackID("bbbb")) } == .subscription(points: 75))
        let restricted = try await store.readPackAccess { try await $0.restrictedPacks(among: [PackID("aaaa"), PackID("bbbb"), PackID("cccc")]) }
        #expect(restricted == [PackID("aaaa"): .pro, PackID("bbbb"): .subscription(points: 75)])
        #expect(try await store.readPackAccess { try await $0.restrictedPacks(among: []) }.isEmpty)
        // Back to free removes the row; a new price replaces the old.
        try await store.writePackAccess { tx in
            try await tx.setPackAccess(PackID("aaaa"), .free, at: F.t0)
            try await tx.setPackAccess(PackID("bbbb"), .subscription(points: 90), at: F.t0)
        }
        #expect(try await store.readPackAccess { try await $0.restrictedPacks(among: [PackID("aaaa"), PackID("bbbb")]) } == [
            PackID("bbbb"): .subscription(points: 90)
        ])
        // The database refuses a subscription without a positive price.
        await #expect(throws: StoreError.self) {
            try await store.writePackAccess { try await $0.setPackAccess(PackID("cccc"), .subscription(points: 0), at: F.t0) }
        }
    }

    func subscriptions() async throws {
        try await seed(["aaaa", "bbbb"])
        let first = subscription(F.p1, "aaaa", end: 30)
        let second = subscription(F.p1, "bbbb", status: .cancelled, end: 60)
        try await store.writePackAccess { tx in
            try await tx.insertSubscription(first)
            try await tx.insertSubscription(second)
            try await tx.insertSubscription(self.subscription(F.p2, "aaaa"))
        }
        let duplicate = await #expect(throws: StoreError.self) { try await store.writePackAccess { try await $0.insertSubscription(first) } }
        #expect(duplicate?.duplicateOf == "pack subscription")
        #expect(try await store.readPackAccess { try await $0.subscription(F.p1, pack: PackID("aaaa")) } == first)
        #expect(try await store.readPackAccess { try await $0.subscription(F.p1, pack: PackID("none")) } == nil)
        // Newest period end first, the member's own only.
        #expect(try await store.readPackAccess { try await $0.subscriptions(F.p1) } == [second, first])

        var renewed = first
        renewed.period = 2
        renewed.price = 40
        renewed.periodStart = first.periodEnd
        renewed.periodEnd = first.periodEnd.advanced(by: PackSubscription.period)
        renewed.status = .lapsed
        renewed.lapseNoticed = true
        renewed.updatedAt = F.t0.advanced(by: .seconds(5))
        let stored = renewed
        try await store.writePackAccess { try await $0.updateSubscription(stored) }
        #expect(try await store.readPackAccess { try await $0.subscription(F.p1, pack: PackID("aaaa")) } == stored)
        let missing = PackSubscription(
            player: F.p1, pack: PackID("none"), status: .active, price: 1, period: 1, periodStart: F.t0,
            periodEnd: F.t0.advanced(by: .seconds(1)), createdAt: F.t0)
        await #expect(throws: StoreError.notFound(what: "pack subscription", key: missing.id)) {
            try await store.writePackAccess { try await $0.updateSubscription(missing) }
        }
        #expect(first.chargeKey(3) == "pack_sub:7:70:aaaa:3")
    }

    func drawAccess() async throws {
        try await seed(["aaaa", "bbbb", "cccc"])
        try await store.writePackAccess { tx in
            try await tx.setPackAccess(PackID("aaaa"), .pro, at: F.t0)
            try await tx.setPackAccess(PackID("bbbb"), .subscription(points: 50), at: F.t0)
            try await tx.insertSubscription(self.subscription(F.p1, "bbbb"))
            try await tx.insertSubscription(self.subscription(F.p2, "bbbb", status: .lapsed))
        }
        let rows = try await store.readPackAccess { try await $0.drawAccess(F.p1, packs: [PackID("aaaa"), PackID("bbbb"), PackID("cccc"), PackID("none")]) }
        #expect(rows.map(\.pack) == [PackID("aaaa"), PackID("bbbb"), PackID("cccc")])
        #expect(rows.map(\.access) == [.pro, .subscription(points: 50), .free])
        #expect(rows.allSatisfy { $0.creator == P.creator && $0.status == .published && $0.packName == "Pack \($0.pack.rawValue)" })
        #expect(rows[0].subscription == nil && rows[2].subscription == nil)
        #expect(rows[1].subscription == subscription(F.p1, "bbbb"))
        // Another member's row is theirs alone.
        let other = try await store.readPackAccess { try await $0.drawAccess(F.p2, packs: [PackID("bbbb")]) }
        #expect(other.first?.subscription?.status == .lapsed && other.first?.subscription?.player == F.p2)
        #expect(try await store.readPackAccess { try await $0.drawAccess(F.p1, packs: []) }.isEmpty)
    }

    func dueSubscriptions() async throws {
        try await seed(["aaaa", "bbbb", "cccc"])
        try await store.writePackAccess { tx in
            try await tx.insertSubscription(self.subscription(F.p1, "aaaa", end: 10))
            try await tx.insertSubscription(self.subscription(F.p2, "aaaa", end: 20))
            try await tx.insertSubscription(self.subscription(F.p1, "bbbb", status: .cancelled, end: 5))
            try await tx.insertSubscription(self.subscription(F.p1, "cccc", status: .lapsed, end: 5))
        }
        let at20 = F.t0.advanced(by: .seconds(20))
        // Only active ones renew; the period end counts as due; oldest first; bounded.
        let due = try await store.readPackAccess { try await $0.dueSubscriptions(asOf: at20, limit: 10) }
        #expect(due.map(\.player) == [F.p1, F.p2] && due.allSatisfy { $0.pack == PackID("aaaa") })
        #expect(try await store.readPackAccess { try await $0.dueSubscriptions(asOf: at20, limit: 1) }.map(\.player) == [F.p1])
        #expect(try await store.readPackAccess { try await $0.dueSubscriptions(asOf: F.t0.advanced(by: .seconds(9)), limit: 10) }.isEmpty)
    }

    /// Two transactions charging one subscription's period at once: one ledger entry, one period.
    func chargeOncePerPeriod() async throws {
        try await seed(["aaaa"])
        try await store.write { tx in
            _ = try await tx.ensurePlayer(F.p1, at: F.t0)
            _ = try await tx.appendLedgerEntry(F.entry(F.p1, 100, "grant"))
        }
        let first = subscription(F.p1, "aaaa")
        let store = self.store
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    do {
                        try await store.writePackAccess { tx in
                            try await tx.lockPlayer(F.p1)
                            if try await tx.subscription(F.p1, pack: PackID("aaaa")) != nil { return }
                            _ = try await tx.appendLedgerEntry(LedgerEntry(
                                player: F.p1, amount: -first.price, reason: .packSubscription, idempotencyKey: first.chargeKey(1), at: F.t0))
                            try await tx.insertSubscription(first)
                        }
                        return true
                    } catch StoreError.duplicate {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count == 4)
        #expect(try await store.read { try await $0.balance(F.p1) } == 50)
        let entries = try await store.read { try await $0.recentLedgerEntries(F.p1, limit: 10) }
        #expect(entries.filter { $0.reason == .packSubscription }.map(\.idempotencyKey) == [first.chargeKey(1)])
    }
}
