import Storage
import Testing

/// The kernel's cases: players, the ledger, idempotency records, the analytics outbox, and how
/// concurrent transactions are decided.
public enum KernelCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case players, extremeIdentifiers, ledger, ledgerAmountBounds, negativeBalanceRefused, unknownPlayerRefused,
        duplicateLedgerKeyRefused, rollback, idempotency, analytics, concurrentCredits, concurrentDebits,
        concurrentDuplicateInserts, concurrentFirstSight, rerunAfterConflict, lockedPlayerPreventsWriteSkew
    public var testDescription: String { rawValue }
}

struct KernelCases<S: Store>: Sendable {
    let store: S
    let serializesWriters: Bool
    typealias F = Fixture

    func run(_ testCase: KernelCase) async throws {
        switch testCase {
        case .players: try await players()
        case .extremeIdentifiers: try await extremeIdentifiers()
        case .ledger: try await ledger()
        case .ledgerAmountBounds: try await ledgerAmountBounds()
        case .negativeBalanceRefused: try await negativeBalanceRefused()
        case .unknownPlayerRefused: try await unknownPlayerRefused()
        case .duplicateLedgerKeyRefused: try await duplicateLedgerKeyRefused()
        case .rollback: try await rollback()
        case .idempotency: try await idempotency()
        case .analytics: try await analytics()
        case .concurrentCredits: try await concurrentCredits()
        case .concurrentDebits: try await concurrentDebits()
        case .concurrentDuplicateInserts: try await concurrentDuplicateInserts()
        case .concurrentFirstSight: try await concurrentFirstSight()
        case .rerunAfterConflict: try await rerunAfterConflict()
        case .lockedPlayerPreventsWriteSkew: try await lockedPlayerPreventsWriteSkew()
        }
    }

    func players() async throws {
        #expect(try await store.read { try await $0.player(F.p1) } == nil)
        #expect(try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) })
        #expect(try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0.advanced(by: .seconds(5))) } == false)
        // The first sight's time is kept.
        #expect(try await store.read { try await $0.player(F.p1) } == PlayerRecord(player: F.p1, firstSeen: F.t0))
        #expect(try await store.read { try await $0.balance(F.p1) } == 0)
        #expect(try await store.read { try await $0.balance(F.p2) } == 0)
    }

    /// Discord ids use all 64 bits: the stores keep the bit pattern in a signed column.
    func extremeIdentifiers() async throws {
        let ids: [UInt64] = [0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max - 1, UInt64.max]
        let players = ids.flatMap { guild in ids.prefix(3).map { PlayerID(guild: GuildID(guild), member: MemberID($0)) } }
            + ids.map { PlayerID(guild: GuildID(42), member: MemberID($0)) }
        try await store.write { tx in
            for (index, player) in players.enumerated() {
                try await tx.ensurePlayer(player, at: F.t0)
                try await tx.appendLedgerEntry(F.entry(player, Int64(index + 1), "k"))
                try await tx.appendAnalyticsEvent(AnalyticsEvent(name: "x", player: player, at: F.t0))
                try await tx.insertIdempotencyRecord(IdempotencyRecord(player: player, key: "k", operation: "o", result: "r", createdAt: F.t0))
            }
        }
        for (index, player) in players.enumerated() {
            #expect(try await store.read { try await $0.player(player) }?.player == player)
            #expect(try await store.read { try await $0.balance(player) } == Int64(index + 1))
            #expect(try await store.read { try await $0.recentLedgerEntries(player, limit: 5) }.map(\.player) == [player])
            #expect(try await store.read { try await $0.analyticsEvents(player: player, name: nil, limit: 5) }.map(\.player) == [player])
            #expect(try await store.read { try await $0.idempotencyRecord(player, key: "k") }?.player == player)
        }
    }

    func ledger() async throws {
        try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) }
        let first = try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, 100, "a")) }
        #expect(first.balanceAfter == 100)
        #expect(first.id != nil)
        let second = try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, -30, "b")) }
        #expect(second.balanceAfter == 70)
        #expect(try await store.read { try await $0.balance(F.p1) } == 70)
        let recent = try await store.read { try await $0.recentLedgerEntries(F.p1, limit: 10) }
        #expect(recent.map(\.idempotencyKey) == ["b", "a"])
        #expect(recent.map(\.amount) == [-30, 100])
        #expect(recent.map(\.balanceAfter) == [70, 100])
        #expect(recent.allSatisfy { $0.reason == "test" && $0.at == F.t0 })
        #expect(try await store.read { try await $0.recentLedgerEntries(F.p1, limit: 1) }.count == 1)
        #expect(try await store.read { try await $0.ledgerEntry(F.p1, idempotencyKey: "a") }?.amount == 100)
        #expect(try await store.read { try await $0.ledgerEntry(F.p1, idempotencyKey: "zzz") } == nil)
    }

    /// Zero and amounts past the bound are refused before they reach the database.
    func ledgerAmountBounds() async throws {
        try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) }
        for amount in [0, LedgerEntry.maximumMagnitude + 1, -LedgerEntry.maximumMagnitude - 1, Int64.max, Int64.min] {
            await #expect(throws: StoreError.self) { try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, amount, "x")) } }
        }
        let top = try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, LedgerEntry.maximumMagnitude, "max")) }
        #expect(top.balanceAfter == LedgerEntry.maximumMagnitude)
    }

    func negativeBalanceRefused() async throws {
        try await store.write { tx in
            try await tx.ensurePlayer(F.p1, at: F.t0)
            try await tx.appendLedgerEntry(F.entry(F.p1, 50, "a"))
        }
        await #expect(throws: StoreError.insufficientBalance(player: F.p1, balance: 50, amount: -51)) {
            try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, -51, "b")) }
        }
        #expect(try await store.read { try await $0.balance(F.p1) } == 50)
        #expect(try await store.read { try await $0.ledgerEntry(F.p1, idempotencyKey: "b") } == nil)
        let spent = try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, -50, "c")) }
        #expect(spent.balanceAfter == 0)
    }

    func unknownPlayerRefused() async throws {
        await #expect(throws: StoreError.notFound(what: "player", key: F.p2.description)) {
            try await store.write { try await $0.appendLedgerEntry(F.entry(F.p2, 1, "x")) }
        }
    }

    func duplicateLedgerKeyRefused() async throws {
        try await store.write { tx in
            try await tx.ensurePlayer(F.p1, at: F.t0)
            try await tx.ensurePlayer(F.p2, at: F.t0)
            try await tx.appendLedgerEntry(F.entry(F.p1, 10, "same"))
            // Keys are per player: another player may use the same key.
            try await tx.appendLedgerEntry(F.entry(F.p2, 10, "same"))
        }
        let error = await #expect(throws: StoreError.self) {
            try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, 10, "same")) }
        }
        #expect(error?.duplicateOf == "ledger entry")
        // The balance moved in the same transaction rolled back with it.
        #expect(try await store.read { try await $0.balance(F.p1) } == 10)
    }

    func rollback() async throws {
        try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) }
        await #expect(throws: F.Boom.self) {
            try await store.write { tx in
                try await tx.appendLedgerEntry(F.entry(F.p1, 100, "a"))
                try await tx.appendAnalyticsEvent(AnalyticsEvent(name: "x", player: F.p1, at: F.t0))
                try await tx.insertIdempotencyRecord(IdempotencyRecord(player: F.p1, key: "k", operation: "o", result: "r", createdAt: F.t0))
                try await tx.ensurePlayer(F.p2, at: F.t0)
                throw F.Boom()
            }
        }
        #expect(try await store.read { try await $0.balance(F.p1) } == 0)
        #expect(try await store.read { try await $0.analyticsEvents(player: nil, name: nil, limit: 10) }.isEmpty)
        #expect(try await store.read { try await $0.ledgerEntry(F.p1, idempotencyKey: "a") } == nil)
        #expect(try await store.read { try await $0.idempotencyRecord(F.p1, key: "k") } == nil)
        #expect(try await store.read { try await $0.player(F.p2) } == nil)
    }

    func idempotency() async throws {
        let record = IdempotencyRecord(player: F.p1, key: "k1", operation: "op", result: "{\"a\":1}", createdAt: F.t0)
        try await store.write { try await $0.insertIdempotencyRecord(record) }
        #expect(try await store.read { try await $0.idempotencyRecord(F.p1, key: "k1") } == record)
        #expect(try await store.read { try await $0.idempotencyRecord(F.p2, key: "k1") } == nil)
        let error = await #expect(throws: StoreError.self) { try await store.write { try await $0.insertIdempotencyRecord(record) } }
        #expect(error?.duplicateOf == "idempotency record")
    }

    func analytics() async throws {
        let tricky = "\"hi\" é \\ \n\t\u{1} 🎉 / '; DROP TABLE players; --"
        let stored = try await store.write { tx in
            try await tx.appendAnalyticsEvent(
                AnalyticsEvent(name: "roll", player: F.p1, at: F.t0, properties: ["character": "x", "quote": tricky]))
        }
        #expect(stored.id != nil)
        try await store.write { tx in
            try await tx.appendAnalyticsEvent(AnalyticsEvent(name: "daily_claimed", player: F.p1, at: F.t0))
            try await tx.appendAnalyticsEvent(AnalyticsEvent(name: "roll", player: F.p2, at: F.t0))
        }
        let all = try await store.read { try await $0.analyticsEvents(player: nil, name: nil, limit: 10) }
        #expect(all.map(\.name.rawValue) == ["roll", "daily_claimed", "roll"])
        #expect(all[0].properties == ["character": "x", "quote": tricky])
        #expect(try await store.read { try await $0.analyticsEvents(player: F.p1, name: nil, limit: 10) }.count == 2)
        #expect(try await store.read { try await $0.analyticsEvents(player: nil, name: "roll", limit: 10) }.count == 2)
        #expect(try await store.read { try await $0.analyticsEvents(player: F.p1, name: "roll", limit: 10) }.count == 1)
        #expect(try await store.read { try await $0.analyticsEvents(player: nil, name: nil, limit: 1) }.count == 1)

        // A batch keeps its order, follows what came before, and may be empty.
        let batch = (0..<5).map { AnalyticsEvent(name: "batch", player: F.p2, at: F.t0, properties: ["n": "\($0)", "quote": tricky]) }
        try await store.write { tx in
            try await tx.appendAnalyticsEvents([])
            try await tx.appendAnalyticsEvents(batch)
        }
        let batched = try await store.read { try await $0.analyticsEvents(player: F.p2, name: "batch", limit: 10) }
        #expect(batched.map { $0.properties["n"] } == ["0", "1", "2", "3", "4"])
        #expect(batched.allSatisfy { $0.properties["quote"] == tricky && $0.player == F.p2 && $0.at == F.t0 })
        let everything = try await store.read { try await $0.analyticsEvents(player: nil, name: nil, limit: 100) }
        #expect(everything.map(\.name.rawValue) == ["roll", "daily_claimed", "roll"] + Array(repeating: "batch", count: 5))
        #expect(everything.compactMap(\.id) == everything.compactMap(\.id).sorted() && Set(everything.compactMap(\.id)).count == 8)
    }

    func concurrentCredits() async throws {
        try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { _ = try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, 1, "c\(index)")) } }
            }
            try await group.waitForAll()
        }
        #expect(try await store.read { try await $0.balance(F.p1) } == 50)
        #expect(try await store.read { try await $0.recentLedgerEntries(F.p1, limit: 100) }.count == 50)
    }

    /// Read-then-spend inside one transaction, 25 at once: exactly the affordable ten succeed.
    func concurrentDebits() async throws {
        try await store.write { tx in
            try await tx.ensurePlayer(F.p1, at: F.t0)
            try await tx.appendLedgerEntry(F.entry(F.p1, 100, "seed"))
        }
        let successes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<25 {
                group.addTask {
                    do {
                        _ = try await store.write { tx in
                            let balance = try await tx.balance(F.p1)
                            guard balance >= 10 else { throw StoreError.insufficientBalance(player: F.p1, balance: balance, amount: -10) }
                            return try await tx.appendLedgerEntry(F.entry(F.p1, -10, "d\(index)"))
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 10)
        #expect(try await store.read { try await $0.balance(F.p1) } == 0)
    }

    /// The same idempotency key inserted by 20 transactions at once, without looking first: the
    /// unique constraint lets exactly one in and reports the others as duplicates.
    func concurrentDuplicateInserts() async throws {
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<20 {
                group.addTask {
                    do {
                        try await store.write { tx in
                            try await tx.insertIdempotencyRecord(
                                IdempotencyRecord(player: F.p1, key: "same", operation: "op", result: "\(index)", createdAt: F.t0))
                        }
                        return "inserted"
                    } catch let error as StoreError {
                        return error.duplicateOf ?? "\(error)"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(outcomes == ["inserted": 1, "idempotency record": 19])
    }

    /// Twenty first sights of one player at once create it once.
    func concurrentFirstSight() async throws {
        let created = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { (try? await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) }) ?? false }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(created == 1)
        #expect(try await store.read { try await $0.player(F.p1) } != nil)
    }

    /// A transaction reads a balance, another one commits a change to it, then the first writes
    /// what it read plus ten. A database that detects conflicts must fail the first attempt and
    /// run the body again on the new state; one that serializes writers runs the second after the
    /// first. Either way no update is lost.
    func rerunAfterConflict() async throws {
        try await store.write { tx in
            try await tx.ensurePlayer(F.p1, at: F.t0)
            try await tx.appendLedgerEntry(F.entry(F.p1, 100, "seed"))
        }
        let runs = Counter()
        let firstHasRead = Signal()
        let otherCommitted = Signal()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await store.write { tx in
                    let run = runs.increment()
                    let balance = try await tx.balance(F.p1)
                    if run == 1 {
                        firstHasRead.fire()
                        // Where writers are serialized the other transaction cannot commit first.
                        if !serializesWriters { await otherCommitted.wait() }
                    }
                    // Write what was read: a lost update if a stale read were allowed to commit.
                    try await tx.appendLedgerEntry(F.entry(F.p1, 10, "after-\(balance)"))
                }
            }
            group.addTask {
                await firstHasRead.wait()
                try await store.write { try await $0.appendLedgerEntry(F.entry(F.p1, 1, "other")) }
                otherCommitted.fire()
            }
            try await group.waitForAll()
        }
        #expect(try await store.read { try await $0.balance(F.p1) } == 111)
        if serializesWriters {
            #expect(runs.count == 1)
            #expect(try await store.read { try await $0.ledgerEntry(F.p1, idempotencyKey: "after-100") } != nil)
        } else {
            #expect(runs.count == 2)
            #expect(try await store.read { try await $0.ledgerEntry(F.p1, idempotencyKey: "after-101") } != nil)
        }
    }

    /// Two transactions for one player each check that the player has no "claim" record and then
    /// write one under a key of their own: rows that do not collide, so only `lockPlayer` keeps
    /// the second from acting on what it read before the first committed. Exactly one claims.
    func lockedPlayerPreventsWriteSkew() async throws {
        try await store.write { try await $0.ensurePlayer(F.p1, at: F.t0) }
        let firstHasRead = Signal()
        let secondStarted = Signal()
        let secondRuns = Counter()
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await store.write { tx in
                    try await tx.lockPlayer(F.p1)
                    let read = try await tx.analyticsEvents(player: F.p1, name: "claim", limit: 10)
                    firstHasRead.fire()
                    // Where writers are serialized the second cannot start before this commits.
                    if !serializesWriters { await secondStarted.wait() }
                    guard read.isEmpty else { return false }
                    try await tx.appendAnalyticsEvent(AnalyticsEvent(name: "claim", player: F.p1, at: F.t0, properties: ["by": "first"]))
                    return true
                }
            }
            group.addTask {
                await firstHasRead.wait()
                return try await store.write { tx in
                    secondRuns.increment()
                    secondStarted.fire()
                    try await tx.lockPlayer(F.p1)
                    guard try await tx.analyticsEvents(player: F.p1, name: "claim", limit: 10).isEmpty else { return false }
                    try await tx.appendAnalyticsEvent(AnalyticsEvent(name: "claim", player: F.p1, at: F.t0, properties: ["by": "second"]))
                    return true
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1 && outcomes.count == 2)
        let claims = try await store.read { try await $0.analyticsEvents(player: F.p1, name: "claim", limit: 10) }
        #expect(claims.map { $0.properties["by"] } == ["first"])
        #expect(secondRuns.count >= 1)
    }
}
