import Foundation
import Testing

/// `gachabot flags`, run as the built binary on a SQLite file: a rollout set, a flag killed and
/// revived, the global switch, and clear refusals (an unknown flag, a rollout out of range).
@Suite struct FlagsCommandTests {
    @Test func setKillReviveAndTheGlobalSwitch() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-flags-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        func flags(_ arguments: String...) throws -> ExecutableTests.Outcome {
            try ExecutableTests.run(["flags"] + arguments + ["--data", data.path])
        }
        #expect(try flags("set", "new_shop", "--rollout", "25").status == 0)
        #expect(try flags("list").output.contains("new_shop: rollout 25%\n"))
        #expect(try flags("kill", "new_shop").status == 0)
        #expect(try flags("list").output.contains("new_shop: rollout 25%, KILLED"))
        #expect(try flags("revive", "new_shop").status == 0)
        #expect(try flags("list").output.contains("new_shop: rollout 25%\n"))
        #expect(try flags("kill-all").status == 0)
        #expect(try flags("list").output.contains("Global switch: KILLED"))
        #expect(try flags("revive-all").status == 0)
        #expect(try flags("list").output.contains("Global switch: on"))

        let unknown = try flags("kill", "nope")
        #expect(unknown.status == 1 && unknown.output.contains("no flag named \"nope\""))
        let outOfRange = try flags("set", "x", "--rollout", "101")
        #expect(outOfRange.status != 0 && outOfRange.output.contains("--rollout must be 0 to 100"))
    }
}
