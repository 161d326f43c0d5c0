import Economy
import Foundation
import GRDB
@testable import SQLiteStorage
import Storage
import Testing

/// The money invariant check finds what the contract never lets through, written here behind its
/// back; and the ledger's tables refuse edits.
@Suite("Money ledger invariant (SQLite)")
struct MoneyInvariantTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)


    @Test func discrepanciesAreFound() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("money.sqlite").path)
        defer { try? store.close() }
        do {
            #expect(try await store.readEconomy { try await $0.moneyDiscrepancies() }.isEmpty)
            try await store.write { tx in
                try tx.run { db in
                    try db.execute(sql: "INSERT INTO economy_transactions (idempotency_key, kind, reference, at) VALUES ('bad', 'revenue', 'x', 0)")
                    let id = db.lastInsertedRowID
                    try db.execute(
                        sql: "INSERT INTO economy_entries (transaction_id, line, account, currency, amount, at) VALUES (?, 0, 'stripe_clearing', 'usd', 5, 0)",
                        arguments: [id])
                    try db.execute(sql: "INSERT INTO economy_transactions (idempotency_key, kind, reference, at) VALUES ('debit', 'payout_requested', 'p', 0)")
                    let debit = db.lastInsertedRowID
                    try db.execute(
                        sql: """
                            INSERT INTO economy_entries (transaction_id, line, account, currency, amount, at)
                            VALUES (?, 0, 'creator_payable:9', 'usd', 7, 0), (?, 1, 'payouts', 'usd', -7, 0)
                            """,
                        arguments: [debit, debit])
                }
            }
            let found = try await store.readEconomy { try await $0.moneyDiscrepancies() }
            #expect(
                found == [
                    .unbalanced(idempotencyKey: "bad", currency: "usd", sum: 5),
                    .negativePayable(account: .creatorPayable(MemberID(9)), currency: "usd", balance: -7),
                ])
        }
    }

    @Test func theLedgerIsAppendOnly() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("money.sqlite").path)
        defer { try? store.close() }
        do {
            let revenue = MoneyTransaction(
                idempotencyKey: "in_1", kind: .revenue, reference: "in_1", user: nil, at: Self.t0,
                entries: [
                    MoneyEntry(account: .stripeClearing, currency: "usd", amount: 100),
                    MoneyEntry(account: .platformRevenue, currency: "usd", amount: -100),
                ])
            #expect(try await store.writeEconomy { try await $0.postMoneyTransaction(revenue) })
            for statement in [
                "UPDATE economy_entries SET amount = 1", "DELETE FROM economy_entries", "UPDATE economy_transactions SET reference = 'y'",
                "DELETE FROM economy_transactions",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") {
                    try await store.write { tx in try tx.run { db in try db.execute(sql: statement) } }
                }
            }
            #expect(try await store.readEconomy { try await $0.moneyTransaction(idempotencyKey: "in_1") } == revenue)
        }
    }
}
