import DiscordModels

/// `/status`: shard, gateway latency (heartbeat round trip), uptime and version.
struct StatusFeature: BotFeature {
    let name = "Status"
    let status: BotStatus

    func register(in routes: inout FeatureRoutes) {
        routes.command("status", ephemeral: true) { context in
            try await context.reply(render(shardID: context.shardID))
        }
    }

    func render(shardID: Int) -> InteractionMessageData {
        let latency = status.latency(shard: shardID).map(Self.format(latency:)) ?? "measuring…"
        let shards = status.shardCount.map { "\(shardID) of \($0)" } ?? "\(shardID)"
        let embed = Embed(
            title: "Gachabot status",
            color: 0x5865F2,
            fields: [
                Embed.Field(name: "Shard", value: shards, inline: true),
                Embed.Field(name: "Gateway latency", value: latency, inline: true),
                Embed.Field(name: "Uptime", value: Self.format(uptime: status.uptime), inline: true),
                Embed.Field(name: "Version", value: status.version, inline: true),
            ])
        return InteractionMessageData(embeds: [embed], flags: .ephemeral)
    }

    static func format(latency: Duration) -> String {
        let milliseconds = Double(latency.components.seconds) * 1000 + Double(latency.components.attoseconds) / 1e15
        return "\(Int(milliseconds.rounded())) ms"
    }

    static func format(uptime: Duration) -> String {
        var seconds = Int(uptime.components.seconds)
        let days = seconds / 86_400
        seconds %= 86_400
        let hours = seconds / 3600
        seconds %= 3600
        let minutes = seconds / 60
        seconds %= 60
        return days > 0 ? "\(days)d \(hours)h \(minutes)m" : hours > 0 ? "\(hours)h \(minutes)m \(seconds)s" : "\(minutes)m \(seconds)s"
    }
}
