import Foundation
import Testing

/// `gachabot premium show|grant|revoke` run as an operator would, on a real SQLite file.
@Suite(.timeLimit(.minutes(1))) struct PremiumCommandTests {
    @Test func grantShowRevokeRoundTrip() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-premium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let options = ["--data", data.path]

        let before = try ExecutableTests.run(["premium", "show", "123456789012345678"] + options)
        #expect(before.status == 0, "\(before.output)")
        #expect(before.output.contains("User 123456789012345678: not Pro everywhere"), "\(before.output)")
        #expect(before.output.contains("trial: not used"), "\(before.output)")

        let granted = try ExecutableTests.run(["premium", "grant", "123456789012345678", "--until", "2999-01-31"] + options)
        #expect(granted.status == 0, "\(granted.output)")
        #expect(granted.output.contains("has Pro until 2999-01-31T00:00:00Z"), "\(granted.output)")

        let shown = try ExecutableTests.run(["premium", "show", "123456789012345678"] + options)
        #expect(shown.output.contains("Pro everywhere"), "\(shown.output)")
        #expect(shown.output.contains("gift gift:123456789012345678: active"), "\(shown.output)")

        let revoked = try ExecutableTests.run(["premium", "revoke", "123456789012345678"] + options)
        #expect(revoked.status == 0, "\(revoked.output)")
        #expect(revoked.output.contains("Revoked for user 123456789012345678: gift gift:123456789012345678."), "\(revoked.output)")

        let after = try ExecutableTests.run(["premium", "show", "123456789012345678"] + options)
        #expect(after.output.contains("not Pro everywhere"), "\(after.output)")
        #expect(after.output.contains("gift gift:123456789012345678: revoked"), "\(after.output)")
    }

    @Test func badArgumentsAreNamed() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-premium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let user = try ExecutableTests.run(["premium", "show", "@everyone", "--data", data.path])
        #expect(user.status != 0)
        #expect(user.output.contains("USER_ID must be a Discord user id"), "\(user.output)")
        let date = try ExecutableTests.run(["premium", "grant", "42", "--until", "next tuesday", "--data", data.path])
        #expect(date.status != 0)
        #expect(date.output.contains("--until must be a date (2026-12-31)"), "\(date.output)")
        let past = try ExecutableTests.run(["premium", "grant", "42", "--until", "2001-01-01", "--data", data.path])
        #expect(past.status == 1)
        #expect(past.output.contains("--until must be in the future"), "\(past.output)")
    }
}
