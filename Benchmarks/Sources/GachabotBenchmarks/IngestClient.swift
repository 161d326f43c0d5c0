import Bot
import DiscordGateway
import DiscordModels
import Foundation
import Logging

/// `ingest-client`: gachabot's gateway client as its own process. One `Shard` configured as the
/// bot configures it (intents, the subscribed dispatches, the compression asked for), whose events
/// are drained the way `BotRuntime` drains them. It prints its CPU time when the begin marker
/// guild arrives and its CPU time and peak RSS when the end marker arrives, then exits.
enum IngestClient {
    static func run(gatewayURL: String, compression: GatewayCompression, token: String) async throws {
        var logger = Logger(label: "gachabot.gateway")
        logger.logLevel = .warning
        let configuration = GatewayConfiguration(
            token: BotToken(token), intents: BotConfiguration.intents, gatewayURL: gatewayURL,
            compression: compression,
            subscribedEvents: BotConfiguration.subscribedEvents, logger: logger)
        let shard = Shard(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await shard.run() }
            // Drained on the shard's event loop, as `BotRuntime` drains its runner's events.
            group.addTask(executorPreference: shard.eventsExecutor) { await drain(shard.events) }
            try await group.waitForAll()
        }
    }

    static func drain(_ events: BoundedEventChannel<ShardEvent>) async {
        var undecoded = 0
        for await event in events {
            guard case .dispatch(let dispatch) = event, dispatch.name == "GUILD_CREATE" else { continue }
            guard case .guildCreateSummary(let guild)? = dispatch.event else {
                undecoded += 1
                continue
            }
            switch guild.id.rawValue {
            case IngestStream.beginMarkerID:
                report("BEGIN \(ProcessUsage.selfCPUMicroseconds())")
            case IngestStream.endMarkerID:
                let cpu = ProcessUsage.selfCPUMicroseconds()
                report("END \(cpu) \(ProcessUsage.peakRSSKilobytes() ?? -1) undecoded=\(undecoded)")
                exit(0)
            default:
                continue
            }
        }
    }

    static func report(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
