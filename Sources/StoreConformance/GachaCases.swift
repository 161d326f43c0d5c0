import Gacha
import Storage
import Testing

/// The gacha area's cases: members' game state, inventory, pending pulls and their stored
/// choices, and a transaction that spans the kernel and the area.
public enum GachaCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case members, inventory, pendingPulls, pullChoices, crossAreaRollback, concurrentInventoryGrant, packDraws
    public var testDescription: String { rawValue }
}

struct GachaCases<S: Store & GachaStore>: Sendable where S.Transaction: GachaTransaction {
    let store: S
    typealias F = Fixture

    func run(_ testCase: GachaCase) async throws {
        switch testCase {
        case .members: try await members()
        case .inventory: try await inventory()
        case .pendingPulls: try await pendingPulls()
        case .pullChoices: try await pullChoices()
        case .crossAreaRollback: try await crossAreaRollback()
        case .concurrentInventoryGrant: try await concurrentInventoryGrant()
        case .packDraws: try await packDraws()
        }
    }

    /// A member of the game, created as the domain does: the kernel's player first.
    private func join(_ tx: S.Transaction, _ player: PlayerID) async throws {
        try await tx.ensurePlayer(player, at: F.t0)
        try await tx.insertMember(F.newMember(player))
    }

    func members() async throws {
        #expect(try await store.readGacha { try await $0.member(F.p1) } == nil)
        try await store.write { try await join($0, F.p1) }
        var member = try #require(try await store.readGacha { try await $0.member(F.p1) })
        #expect(member == F.newMember(F.p1))
        member.pity = PityCounters(rollsSinceLegendary: 42, rollsSinceEpicOrBetter: 7)
        member.rolls = RollAllowanceState(stored: 3, asOf: F.t0.advanced(by: .seconds(60)), extra: 5)
        member.streak = DailyStreakState(length: 4, lastClaimDay: 19_999)
        let updated = member
        try await store.writeGacha { try await $0.updateMember(updated) }
        #expect(try await store.readGacha { try await $0.member(F.p1) } == updated)
        let duplicate = await #expect(throws: StoreError.self) { try await store.writeGacha { try await $0.insertMember(F.newMember(F.p1)) } }
        #expect(duplicate?.duplicateOf == "member")
        await #expect(throws: StoreError.notFound(what: "member", key: F.p2.description)) {
            try await store.writeGacha { try await $0.updateMember(F.newMember(F.p2)) }
        }
        // The game state needs the kernel's player.
        await #expect(throws: StoreError.self) { try await store.writeGacha { try await $0.insertMember(F.newMember(F.p2)) } }
    }

    func inventory() async throws {
        try await store.write { tx in
            try await join(tx, F.p1)
            try await join(tx, F.p2)
            try await tx.insertInventory(InventoryRecord(player: F.p1, characterID: "b", acquiredAt: F.t0))
            try await tx.insertInventory(InventoryRecord(player: F.p1, characterID: "a", acquiredAt: F.t0.advanced(by: .seconds(1))))
            try await tx.insertInventory(InventoryRecord(player: F.p2, characterID: "a", acquiredAt: F.t0))
        }
        #expect(try await store.readGacha { try await $0.inventory(F.p1) }.map(\.characterID) == ["b", "a"])
        #expect(try await store.readGacha { try await $0.inventoryCount(F.p1) } == 2)
        #expect(
            try await store.readGacha { try await $0.inventoryRecord(F.p1, characterID: "a") }?.acquiredAt
                == F.t0.advanced(by: .seconds(1)))
        let duplicate = await #expect(throws: StoreError.self) {
            try await store.writeGacha { try await $0.insertInventory(InventoryRecord(player: F.p1, characterID: "a", acquiredAt: F.t0)) }
        }
        #expect(duplicate?.duplicateOf == "inventory")
        #expect(try await store.writeGacha { try await $0.deleteInventory(F.p1, characterID: "a") })
        #expect(try await store.writeGacha { try await $0.deleteInventory(F.p1, characterID: "a") } == false)
        #expect(try await store.readGacha { try await $0.inventoryCount(F.p1) } == 1)
        #expect(try await store.readGacha { try await $0.inventoryCount(F.p2) } == 1)

        // A batch goes in whole or not at all.
        let batch = ["c", "d", "e"].map { InventoryRecord(player: F.p2, characterID: $0, acquiredAt: F.t0) }
        let clash = await #expect(throws: StoreError.self) {
            try await store.writeGacha { try await $0.insertInventory(batch + [InventoryRecord(player: F.p2, characterID: "a", acquiredAt: F.t0)]) }
        }
        #expect(clash?.duplicateOf == "inventory")
        #expect(try await store.readGacha { try await $0.inventoryCount(F.p2) } == 1)
        try await store.writeGacha { tx in
            try await tx.insertInventory([])
            try await tx.insertInventory(batch)
        }
        #expect(try await store.readGacha { try await $0.inventory(F.p2) }.map(\.characterID) == ["a", "c", "d", "e"])
    }

    static var items: [PulledCharacter] {
        [PulledCharacter(characterID: "x", rarity: .epic), PulledCharacter(characterID: "y", rarity: .common)]
    }
    static var pull: PendingPullRecord {
        PendingPullRecord(
            id: PullID("p-1"), player: F.p1, itemID: "pull_5", price: 500, items: items, createdAt: F.t0,
            expiresAt: F.t0.advanced(by: .seconds(900)))
    }

    func pendingPulls() async throws {
        let later = PendingPullRecord(
            id: PullID("p-2"), player: F.p1, itemID: "pull_10", price: 1000, items: Self.items,
            createdAt: F.t0.advanced(by: .seconds(60)), expiresAt: F.t0.advanced(by: .seconds(960)))
        try await store.write { tx in
            try await join(tx, F.p1)
            try await tx.insertPendingPull(Self.pull)
            try await tx.insertPendingPull(later)
        }
        #expect(try await store.readGacha { try await $0.pendingPull(PullID("p-1")) } == Self.pull)
        #expect(try await store.readGacha { try await $0.pendingPull(PullID("nope")) } == nil)
        let duplicate = await #expect(throws: StoreError.self) { try await store.writeGacha { try await $0.insertPendingPull(Self.pull) } }
        #expect(duplicate?.duplicateOf == "pending pull")
        #expect(try await store.readGacha { try await $0.openPendingPulls(F.p1) }.map(\.id.rawValue) == ["p-1", "p-2"])
        let at899 = F.t0.advanced(by: .seconds(899))
        let at900 = F.t0.advanced(by: .seconds(900))
        let at2000 = F.t0.advanced(by: .seconds(2000))
        #expect(try await store.readGacha { try await $0.expiredPendingPulls(asOf: at899, limit: 10) }.isEmpty)
        #expect(try await store.readGacha { try await $0.expiredPendingPulls(asOf: at900, limit: 10) }.map(\.id.rawValue) == ["p-1"])
        #expect(try await store.readGacha { try await $0.expiredPendingPulls(asOf: at2000, limit: 1) }.count == 1)
        try await store.writeGacha { try await $0.updatePendingPullStatus(PullID("p-1"), status: .applied, resolvedAt: at899) }
        let applied = try #require(try await store.readGacha { try await $0.pendingPull(PullID("p-1")) })
        #expect(applied.status == .applied)
        #expect(applied.resolvedAt == at899)
        #expect(try await store.readGacha { try await $0.expiredPendingPulls(asOf: at2000, limit: 10) }.map(\.id.rawValue) == ["p-2"])
        #expect(try await store.readGacha { try await $0.openPendingPulls(F.p1) }.map(\.id.rawValue) == ["p-2"])
        await #expect(throws: StoreError.notFound(what: "pending pull", key: "nope")) {
            try await store.writeGacha { try await $0.updatePendingPullStatus(PullID("nope"), status: .denied, resolvedAt: nil) }
        }
    }

    /// Checklist choices are stored with the pull and vanish when it is resolved.
    func pullChoices() async throws {
        try await store.write { tx in
            try await join(tx, F.p1)
            try await tx.insertPendingPull(Self.pull)
        }
        let id = Self.pull.id
        #expect(try await store.readGacha { try await $0.pendingPull(id) }?.choices == PullChoices())
        let chosen = PullChoices(keep: ["x"], replace: ["old-1", "old-2"])
        try await store.writeGacha { try await $0.updatePendingPullChoices(id, choices: chosen) }
        #expect(try await store.readGacha { try await $0.pendingPull(id) }?.choices == chosen)
        let keepNothing = PullChoices(keep: [], replace: [])
        try await store.writeGacha { try await $0.updatePendingPullChoices(id, choices: keepNothing) }
        #expect(try await store.readGacha { try await $0.pendingPull(id) }?.choices == keepNothing)
        try await store.writeGacha { try await $0.updatePendingPullChoices(id, choices: chosen) }
        try await store.writeGacha { try await $0.updatePendingPullStatus(id, status: .expired, resolvedAt: F.t0) }
        #expect(try await store.readGacha { try await $0.pendingPull(id) }?.choices == PullChoices())
        await #expect(throws: StoreError.notFound(what: "pending pull", key: "nope")) {
            try await store.writeGacha { try await $0.updatePendingPullChoices(PullID("nope"), choices: chosen) }
        }
    }

    /// One transaction moves points (kernel) and grants a character (gacha): a failure after both
    /// leaves neither.
    func crossAreaRollback() async throws {
        try await store.write { try await join($0, F.p1) }
        await #expect(throws: F.Boom.self) {
            try await store.write { tx in
                try await tx.appendLedgerEntry(F.entry(F.p1, 100, "a"))
                try await tx.insertInventory(InventoryRecord(player: F.p1, characterID: "c", acquiredAt: F.t0))
                try await tx.insertPendingPull(Self.pull)
                var member = F.newMember(F.p1)
                member.pity.rollsSinceLegendary = 9
                try await tx.updateMember(member)
                throw F.Boom()
            }
        }
        #expect(try await store.read { try await $0.balance(F.p1) } == 0)
        #expect(try await store.readGacha { try await $0.inventoryCount(F.p1) } == 0)
        #expect(try await store.readGacha { try await $0.pendingPull(Self.pull.id) } == nil)
        #expect(try await store.readGacha { try await $0.member(F.p1) } == F.newMember(F.p1))
    }

    /// Ten transactions grant the same character and pay for it at once: the inventory's key lets
    /// one in, and the others' payments roll back with them.
    func concurrentInventoryGrant() async throws {
        try await store.write { tx in
            try await join(tx, F.p1)
            try await tx.appendLedgerEntry(F.entry(F.p1, 1000, "seed"))
        }
        let granted = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<10 {
                group.addTask {
                    do {
                        try await store.write { tx in
                            try await tx.appendLedgerEntry(F.entry(F.p1, -100, "buy-\(index)"))
                            try await tx.insertInventory(InventoryRecord(player: F.p1, characterID: "only", acquiredAt: F.t0))
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 1)
        #expect(try await store.read { try await $0.balance(F.p1) } == 900)
        #expect(try await store.readGacha { try await $0.inventoryCount(F.p1) } == 1)
    }

    /// One row per (guild, member, pack, day): recording again ignores what exists (in one call,
    /// across calls, from transactions at once), other days, packs and members get rows of their
    /// own, and a rolled-back transaction leaves none.
    func packDraws() async throws {
        let other = PlayerID(guild: GuildID(8), member: F.p1.member)
        try await store.writeGacha { tx in
            try await tx.recordPackDraws(F.p1, packIDs: [], day: 20_000)
            try await tx.recordPackDraws(F.p1, packIDs: ["b", "a"], day: 20_000)
            try await tx.recordPackDraws(F.p1, packIDs: ["a"], day: 20_000)
            try await tx.recordPackDraws(F.p1, packIDs: ["a"], day: 20_001)
            try await tx.recordPackDraws(F.p2, packIDs: ["a"], day: 20_000)
        }
        try await store.writeGacha { try await $0.recordPackDraws(F.p1, packIDs: ["a", "b", "c"], day: 20_000) }
        let days = try await store.readGacha { try await $0.packDraws(F.p1) }
        #expect(days.map { "\($0.packID)@\($0.day)" } == ["a@20000", "b@20000", "c@20000", "a@20001"])
        #expect(days.allSatisfy { $0.player == F.p1 })
        #expect(try await store.readGacha { try await $0.packDraws(F.p2) }.map(\.packID) == ["a"])
        #expect(try await store.readGacha { try await $0.packDraws(other) }.isEmpty)

        await #expect(throws: F.Boom.self) {
            try await store.writeGacha { tx in
                try await tx.recordPackDraws(other, packIDs: ["z"], day: 20_000)
                throw F.Boom()
            }
        }
        #expect(try await store.readGacha { try await $0.packDraws(other) }.isEmpty)

        // Many transactions record the same draw at once: none fails, one row remains.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { try await store.writeGacha { try await $0.recordPackDraws(other, packIDs: ["x", "y"], day: 20_002) } }
            }
            try await group.waitForAll()
        }
        #expect(try await store.readGacha { try await $0.packDraws(other) }.map(\.packID) == ["x", "y"])
    }
}
