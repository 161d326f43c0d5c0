import Economy
import Foundation
import SQLiteStorage
import Storage
import Testing

/// `gachabot creators queue` run as the operator would: who applied, then gone once verified.
@Suite(.timeLimit(.minutes(1))) struct CreatorsCLITests {
    @Test func theQueueListsApplicantsUntilTheyAreVerified() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("creators-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = ["--database", "sqlite:\(folder.path)/db.sqlite", "--data", folder.path]
        let empty = try ExecutableTests.run(["creators", "queue"] + database)
        #expect(empty.status == 0 && empty.output.contains("No creator is waiting for verification."), "\(empty.status): \(empty.output)")

        // What `/creator apply` leaves for a creator who met the criteria.
        let store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path)
        _ = try await store.writeEconomy { tx in
            try await tx.enqueueVerification(MemberID(42), at: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000))
        }
        try store.close()

        let listed = try ExecutableTests.run(["creators", "queue"] + database)
        #expect(listed.status == 0 && listed.output.contains("42 applied "), "\(listed.status): \(listed.output)")
        let verified = try ExecutableTests.run(["creators", "verify", "42"] + database)
        #expect(verified.output.contains("Creator 42 is verified."), "\(verified.status): \(verified.output)")
        #expect(try ExecutableTests.run(["creators", "queue"] + database).output.contains("No creator is waiting"))
    }
}
