import BotHarness
import DiscordSandbox
import Foundation

/// The demo's creator-economy scene: the creator of the published pack looks at their earnings
/// and applies for the verified badge (one pack and no ratings yet: each criterion says where
/// they stand).
extension DemoScript {
    func playCreators() async throws {
        print("— For creators: earnings and verification —\n")
        let creator = bot.member(Self.creatorID, name: "Mika")
        try await show("Mika: /creator earnings", try await creator.command("creator", [.subcommand("earnings")]))
        try await show("Mika: /creator apply", try await creator.command("creator", [.subcommand("apply")]))
    }
}
