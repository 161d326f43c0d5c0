import Foundation
import SQLiteStorage
import Storage
import Testing

/// Interactions claimed once on SQLite: two store handles on one file stand for a process and its
/// restarted successor; many claimants at once, one wins.
@Suite("Interaction claims (SQLite)")
struct InteractionClaimTests {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)

    @Test func oneClaimantWinsAndOldClaimsArePruned() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("claims.sqlite").path
        let first = try SQLiteStore(path: path)
        defer { try? first.close() }
        let second = try SQLiteStore(path: path)
        defer { try? second.close() }
        let id: UInt64 = 1_300_000_000_000_000_001  // past Int64.max / 8: the bit pattern is kept
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try await store.claimInteraction(id, at: Self.t0) }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(winners == 1)
        #expect(try await first.claimInteraction(UInt64.max, at: Self.t0.advanced(by: .milliseconds(1000))))
        #expect(try await second.pruneInteractionClaims(before: Self.t0.advanced(by: .milliseconds(1))) == 1)
        // Pruned: the id could be claimed again (Discord no longer delivers it by then).
        #expect(try await second.claimInteraction(id, at: Self.t0.advanced(by: .milliseconds(2000))))
        #expect(try await first.claimInteraction(UInt64.max, at: Self.t0.advanced(by: .milliseconds(3000))) == false)
    }
}
