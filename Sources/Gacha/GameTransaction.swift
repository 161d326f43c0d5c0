import Clocks
import Foundation
import Storage
import Synchronization

/// The domain's view of one write transaction: store primitives plus the rules every operation
/// shares (first sight of a member, ledger moves with their events, idempotent results).
struct GameTransaction {
    let tx: any GachaTransaction
    let game: GachaGame
    let now: Timestamp
    /// This operation's randomness, seeded before the transaction: a re-run after a conflict draws
    /// the same characters and the same ids.
    let random: any RandomSource
    /// The server's pool, when the operation read it before the transaction.
    let pool: GuildPool?
    let events = PendingEvents()

    /// Shows stored character ids, pack characters marked unavailable once out of `pool`.
    var characters: CharacterResolver { game.characters(in: pool) }

    /// Appends the events recorded so far to the outbox, in order.
    func flushEvents() async throws {
        try await tx.appendAnalyticsEvents(events.take())
    }

    var configuration: GachaConfiguration { game.configuration }

    /// The member's record, creating it (full roll allowance, `first_seen` event) on first sight.
    func member(_ player: PlayerID) async throws -> MemberRecord {
        if let member = try await tx.member(player) { return member }
        let member = MemberRecord(
            player: player, firstSeen: now,
            rolls: RollAllowanceState(stored: configuration.rolls.maxStored, asOf: now))
        try await tx.ensurePlayer(player, at: now)
        try await tx.insertMember(member)
        try await event(.firstSeen, player)
        return member
    }

    /// Records an event; the transaction appends all of an operation's events at its end, in one
    /// statement, before it commits (`flushEvents`).
    func event(_ name: EventName, _ player: PlayerID, _ properties: [String: String] = [:]) async throws {
        events.append(AnalyticsEvent(name: name, player: player, at: now, properties: properties))
    }

    /// Adds points (a zero amount records nothing) with a `points_earned` event.
    @discardableResult
    func credit(_ player: PlayerID, _ amount: Int64, reason: LedgerReason, key: String) async throws -> Int64 {
        guard amount > 0 else { return try await tx.balance(player) }
        let entry = try await tx.appendLedgerEntry(
            LedgerEntry(player: player, amount: amount, reason: reason, idempotencyKey: key, at: now))
        let balance = entry.balanceAfter ?? 0
        try await event(
            .pointsEarned, player,
            ["amount": String(amount), "reason": reason.rawValue, "balance": String(balance)])
        return balance
    }

    /// Takes points with a `points_spent` event, or throws `GachaError.insufficientPoints` (checked
    /// here first; the store refuses a negative balance as well).
    @discardableResult
    func debit(_ player: PlayerID, _ amount: Int64, reason: LedgerReason, key: String) async throws -> Int64 {
        let balance = try await tx.balance(player)
        guard balance >= amount else { throw GachaError.insufficientPoints(try await insufficient(player, price: amount)) }
        guard amount > 0 else { return balance }
        let entry: LedgerEntry
        do {
            entry = try await tx.appendLedgerEntry(
                LedgerEntry(player: player, amount: -amount, reason: reason, idempotencyKey: key, at: now))
        } catch StoreError.insufficientBalance {
            throw GachaError.insufficientPoints(try await insufficient(player, price: amount))
        }
        let after = entry.balanceAfter ?? 0
        try await event(.pointsSpent, player, ["amount": String(amount), "reason": reason.rawValue, "balance": String(after)])
        return after
    }

    /// Records, once per pack and UTC day, that the member drew from the packs of these
    /// characters (what trending, most-used and the right to rate are counted from).
    func recordPackDraws(_ player: PlayerID, _ drawn: [GameCharacter]) async throws {
        let packs = Set(drawn.compactMap(\.pack?.packID))
        guard !packs.isEmpty else { return }
        try await tx.recordPackDraws(player, packIDs: packs, day: now.utcDay)
    }

    /// The `packs` property of `roll` and `pull_*` events: each drawn character's pack id, in draw
    /// order, comma-separated, empty for a base character.
    static func packsProperty(_ drawn: [GameCharacter]) -> String {
        drawn.map { $0.pack?.packID ?? "" }.joined(separator: ",")
    }

    /// The pool this member may draw from now, and the lapses to tell them of. A pool without
    /// restricted packs is returned as it is, with no query: the roll path of a server that enabled
    /// none stays as it was. Otherwise the access policy reads access in this transaction (no
    /// cache); without a policy, restricted packs never roll.
    func drawPool(
        _ pool: GuildPool, for player: PlayerID, reportingLapses: Bool = true
    ) async throws -> (pool: GuildPool, lapses: [AccessLapse]) {
        guard !pool.restrictedPackIDs.isEmpty else { return (pool, []) }
        guard let policy = game.packAccess else { return (pool.excluding(pool.restrictedPackIDs), []) }
        let exclusion = try await policy.exclusion(
            pool.restrictedPackIDs, player: player, in: tx, at: now, reportingLapses: reportingLapses)
        var lapses: [AccessLapse] = []
        for lapse in exclusion.lapses {
            lapses.append(AccessLapse(packName: lapse.packName, points: try await insufficient(player, price: lapse.price)))
        }
        return (pool.excluding(exclusion.packs), lapses)
    }

    func insufficient(_ player: PlayerID, price: Int64) async throws -> InsufficientPoints {
        let member = try await member(player)
        let today = now.utcDay
        var ways: [EarningWay] = []
        if member.streak.lastClaimDay == today {
            ways.append(.dailyLater(at: .startOfUTCDay(today + 1)))
        } else {
            ways.append(.dailyAvailable(points: configuration.daily.reward(streak: member.streak.nextLength(today: today))))
        }
        ways.append(.rollDuplicates)
        let owned = try await tx.inventoryCount(player)
        if owned > 0 { ways.append(.releaseCharacters(owned: owned)) }
        return InsufficientPoints(balance: try await tx.balance(player), price: price, waysToEarn: ways)
    }

    /// Runs `body` once per (player, key): a repeat returns the stored result of the first run.
    /// A failed run stores nothing, so the member can retry with the same key.
    func idempotent<R: Codable>(
        _ player: PlayerID, key: String, operation: String, _ body: () async throws -> R
    ) async throws -> R {
        if let record = try await tx.idempotencyRecord(player, key: key) {
            guard record.operation == operation else {
                throw GachaError.idempotencyKeyReused(key: key, operation: record.operation)
            }
            return try Self.decode(R.self, record.result)
        }
        let result = try await body()
        try await tx.insertIdempotencyRecord(
            IdempotencyRecord(player: player, key: key, operation: operation, result: Self.encode(result), createdAt: now))
        return result
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<R: Decodable>(_ type: R.Type, _ text: String) throws -> R {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptData("stored result of \(R.self): \(error)")
        }
    }
}

extension DailyStreakState {
    /// The streak length a claim on `today` would reach.
    func nextLength(today: Int64) -> Int {
        lastClaimDay == today - 1 ? length + 1 : (lastClaimDay == today ? length : 1)
    }

    /// The streak as shown today: broken (0) once a whole day was missed.
    func current(today: Int64) -> Int {
        guard let last = lastClaimDay, last >= today - 1 else { return 0 }
        return length
    }
}

/// The events an operation recorded, kept until its transaction appends them together.
final class PendingEvents: Sendable {
    private let events = Mutex<[AnalyticsEvent]>([])
    func append(_ event: AnalyticsEvent) { events.withLock { $0.append(event) } }
    func take() -> [AnalyticsEvent] { events.withLock { events in defer { events = [] }; return events } }
}
