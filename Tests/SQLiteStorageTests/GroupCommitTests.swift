import Foundation
import SQLiteStorage
import Storage
import Synchronization
import Testing

/// Group commit (decision 0028): writes that queue behind a running one share the next commit,
/// and each still behaves as a transaction of its own.
@Suite("SQLite group commit")
struct GroupCommitTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
    static func player(_ n: Int) -> PlayerID { PlayerID(guild: GuildID(9), member: MemberID(UInt64(100 + n))) }

    struct Refused: Error, Equatable { let index: Int }

    /// Holds the first write open until the test lets it go, so the others are known to queue.
    final class Gate: Sendable {
        private let waiter = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let opened = Mutex(false)
        func wait() async {
            await withCheckedContinuation { continuation in
                let open = opened.withLock { open in
                    if !open { waiter.withLock { $0 = continuation } }
                    return open
                }
                if open { continuation.resume() }
            }
        }
        var isHolding: Bool { waiter.withLock { $0 != nil } }
        func open() {
            let continuation = opened.withLock { open -> CheckedContinuation<Void, Never>? in
                open = true
                return waiter.withLock { w in defer { w = nil }; return w }
            }
            continuation?.resume()
        }
    }

    static func credit(_ tx: SQLiteTransaction, _ n: Int, amount: Int64 = 10, key: String? = nil) async throws {
        try await tx.ensurePlayer(player(n), at: t0)
        try await tx.appendLedgerEntry(
            LedgerEntry(player: player(n), amount: amount, reason: "group", idempotencyKey: key ?? "k\(n)", at: t0))
    }

    static func outcome(_ body: () async throws -> Void) async -> Result<Void, any Error> {
        do { try await body(); return .success(()) } catch { return .failure(error) }
    }

    /// Runs `queued` writes behind one held open, and returns each queued write's outcome.
    static func queueBehindOne(
        _ store: SQLiteStore, queued: Int, body: @escaping @Sendable (SQLiteTransaction, Int) async throws -> Void
    ) async throws -> [Int: Result<Void, any Error>] {
        let gate = Gate()
        return try await withThrowingTaskGroup(of: (Int, Result<Void, any Error>).self) { group in
            group.addTask {
                (0, await outcome { try await store.write { tx in try await credit(tx, 0); await gate.wait() } })
            }
            while !gate.isHolding { await Task.yield() }
            for index in 1...queued {
                group.addTask { (index, await outcome { try await store.write { tx in try await body(tx, index) } }) }
            }
            while store.waitingWrites < queued { await Task.yield() }
            gate.open()
            var outcomes: [Int: Result<Void, any Error>] = [:]
            for try await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    @Test func writesThatQueueShareOneCommit() async throws {
        try await withStore { store in
            let outcomes = try await Self.queueBehindOne(store, queued: 20) { tx, index in try await Self.credit(tx, index) }
            #expect(outcomes.count == 21)
            #expect(outcomes.values.allSatisfy { (try? $0.get()) != nil })
            // The held write alone, then the twenty together.
            #expect(store.writeBatches == 2)
            for index in 0...20 { #expect(try await store.read { try await $0.balance(Self.player(index)) } == 10) }
        }
    }

    /// A write that fails inside a batch takes only its own work with it: its caller hears its
    /// error and the batch's other writes commit.
    @Test func aFailingWriteInABatchFailsAlone() async throws {
        try await withStore { store in
            let outcomes = try await Self.queueBehindOne(store, queued: 12) { tx, index in
                switch index {
                case 4:
                    try await Self.credit(tx, index)
                    throw Refused(index: index)
                case 7:
                    // The same idempotency key twice: the unique constraint refuses the second.
                    try await Self.credit(tx, index)
                    try await Self.credit(tx, index, amount: 5)
                case 9:
                    try await Self.credit(tx, index, amount: -50)  // no balance to take it from
                default:
                    try await Self.credit(tx, index)
                }
            }
            #expect(store.writeBatches == 2)
            for (index, outcome) in outcomes {
                switch index {
                case 4: #expect(throws: Refused(index: 4)) { try outcome.get() }
                case 7: #expect(throws: StoreError.self) { try outcome.get() }
                case 9: #expect(throws: StoreError.self) { try outcome.get() }
                default: #expect((try? outcome.get()) != nil, "write \(index)")
                }
                let balance = try await store.read { try await $0.balance(Self.player(index)) }
                #expect(balance == ([4, 7, 9].contains(index) ? 0 : 10), "balance of write \(index)")
                let entries = try await store.read { try await $0.recentLedgerEntries(Self.player(index), limit: 10) }
                #expect(entries.count == ([4, 7, 9].contains(index) ? 0 : 1), "entries of write \(index)")
            }
        }
    }

    /// Many writers at once, again and again: every write lands exactly once whatever the batches.
    @Test func concurrentWritesLandExactlyOnce() async throws {
        try await withStore { store in
            for round in 0..<20 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            try await store.write { tx in
                                try await Self.credit(tx, index, amount: 1, key: "r\(round)-\(index)")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            for index in 0..<100 { #expect(try await store.read { try await $0.balance(Self.player(index)) } == 20) }
            #expect(store.writeBatches <= 2_000)
        }
    }

    func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("group-commit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("g.sqlite").path)
        defer { try? store.close() }
        try await body(store)
        #expect(try await store.read { try await $0.ledgerDiscrepancies() }.isEmpty)
    }
}
