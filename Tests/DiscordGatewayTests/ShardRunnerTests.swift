import Clocks
import DiscordModels
import DiscordSandbox
import Testing

@testable import DiscordGateway

@Suite(.timeLimit(.minutes(1)))
struct ShardRunnerTests {
    static func info(url: String, remaining: Int, maxConcurrency: Int = 1) -> GatewayBotInfo {
        GatewayBotInfo(url: url, shards: 2, sessionStartLimit: .init(total: 1000, remaining: remaining, resetAfter: .seconds(3600), maxConcurrency: maxConcurrency))
    }

    @Test func refusesToStartWhenTooFewIdentifiesRemain() async throws {
        let configuration = GatewayConfiguration(token: BotToken("t"), intents: [.guilds], clock: ManualClock())
        let runner = ShardRunner(configuration: configuration, shardIDs: 0...2, shardCount: 3, gatewayBot: Self.info(url: "ws://127.0.0.1:1", remaining: 2))
        await #expect(throws: SessionStartLimitError(needed: 3, remaining: 2, resetAfter: .seconds(3600))) { try await runner.run() }
    }

    @Test func savedSessionsDoNotCountAgainstTheLimit() async throws {
        let store = InMemorySessionStore([0: GatewaySession(sessionID: "s", sequence: 1, resumeURL: "ws://127.0.0.1:1")])
        let clock = ManualClock()
        let configuration = GatewayConfiguration(token: BotToken("t"), intents: [.guilds], clock: clock)
        let runner = ShardRunner(
            configuration: configuration, shardIDs: 0...1, shardCount: 2, gatewayBot: Self.info(url: "ws://127.0.0.1:1", remaining: 0),
            sessionStore: store, waitForSessionStartReset: true)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await runner.run() }
            // One shard must identify and none may: the runner waits reset_after on the clock.
            await clock.waitForSleepers(1)
            #expect(clock.nextDeadline?.offset == .seconds(3600))
            group.cancelAll()
        }
    }

    @Test func runsTwoShardsIntoOneStream() async throws {
        try await withSandbox(SandboxConfiguration(
            guilds: [SandboxGuild(id: 0 << 22 | 5, name: "even"), SandboxGuild(id: 1 << 22 | 5, name: "odd")], shardCount: 2, maxConcurrency: 2
        )) { sandbox in
            let configuration = ShardIntegrationTests.configuration(sandbox, compression: .zstdStream, clock: ManualClock())
            let runner = ShardRunner(
                configuration: configuration, shardIDs: 0...1, shardCount: 2,
                gatewayBot: Self.info(url: sandbox.gatewayURL, remaining: 10, maxConcurrency: 2))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await runner.run() }
                let reader = ShardIntegrationTests.EventReader(runner.events)
                var ready: Set<Int> = []
                while ready.count < 2 {
                    let event = try await reader.next("READY", where: ShardIntegrationTests.isReady)
                    ready.insert(event.shardID)
                }
                #expect(ready == [0, 1])
                #expect(runner.states.count == 2 && runner.states.values.allSatisfy { $0 == .active })
                await runner.stop()
                for await _ in runner.events {}
                try await group.waitForAll()
            }
            let identifies = sandbox.gatewayPayloads.filter { $0.op == 2 }.map(\.json)
            #expect(identifies.contains { $0.contains(#""shard":[0,2]"#) })
            #expect(identifies.contains { $0.contains(#""shard":[1,2]"#) })
        }
    }
}
