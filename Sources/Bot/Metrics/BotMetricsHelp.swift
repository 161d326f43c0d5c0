import DiscordGateway
import DiscordREST
import Gacha
import Storage
import Talk

/// The help texts of every metric the bot records, gathered from the modules that name them, for
/// the HTTP server's registry (`WebMetrics(help:)`).
public enum BotMetricsHelp {
    public static var all: [String: String] {
        [
            GatewayMetrics.help, DiscordRESTMetrics.help, InteractionMetrics.help, StoreMetrics.help, GameMetrics.help,
            TalkMetrics.help,
        ].reduce(into: [:]) { $0.merge($1) { first, _ in first } }
    }
}
