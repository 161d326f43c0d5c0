import BotHarness
import DiscordSandbox
import Foundation

/// The demo's last scene: `/owner` on the demo's own server, as its owner sees it. Each chart
/// the bot attached is written to the output folder as PNG, and its path printed beside the
/// numbers the reply gave.
extension DemoScript {
    func playOwner(output: URL) async throws {
        let owner = bot.member(name: "Ayla (the server's owner)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        print("━━ /owner: the server's own analytics (charts in \(output.path)) ━━\n")
        for subcommand in ["funnel", "retention", "revenue", "economy", "ai", "churn", "insights"] {
            let answer = try await owner.command("owner", [.subcommand(subcommand, [.string("period", "7"), .string("granularity", "day")])])
            try await show("/owner \(subcommand) period: 7 days", answer)
            for part in answer.request.parts {
                guard let filename = part.filename, filename.hasSuffix(".png") else { continue }
                let file = output.appendingPathComponent("owner-\(filename)")
                try part.data.write(to: file)
                print("  chart: \(file.path) (\(part.data.count) bytes)\n")
            }
        }
        let webhook = bot.sandbox.createWebhook(channelID: 9_000)
        try await show(
            "/owner alerts webhook: (a channel webhook's URL)",
            try await owner.command("owner", [.subcommand("alerts", [.string("webhook", webhook.url)])]))
        let export = try await owner.command("owner", [.subcommand("export", [.string("data", "rollups"), .string("period", "7")])])
        try await show("/owner export data: rollups", export)
        for part in export.request.parts where part.filename?.hasSuffix(".csv") == true {
            let file = output.appendingPathComponent("owner-rollups.csv")
            try part.data.write(to: file)
            print("  CSV: \(file.path) (\(part.data.count) bytes)\n")
        }
    }
}
