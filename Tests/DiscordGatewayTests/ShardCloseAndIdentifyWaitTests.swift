import Clocks
import DiscordModels
import DiscordSandbox
import Testing

@testable import DiscordGateway

/// The peer's close code decides even when a TCP reset follows the close frame at once, and a
/// connection waiting for its identify turn keeps being read, so its heartbeats stay acknowledged.
/// Against the loopback Discord on 127.0.0.1; the shard, its identify queue and the sandbox share
/// one `ManualClock`, so the sandbox's "two Identify within 5 s" check sees the shard's time.
@Suite(.timeLimit(.minutes(2)))
struct ShardCloseAndIdentifyWaitTests {
    typealias Support = ShardIntegrationTests

    /// Runs `shard` until it stops on its own; its fatal error, nil if it returned.
    static func fatalStop(of shard: Shard) async throws -> ShardFatalError? {
        try await withTimeout("the shard's fatal stop") { () -> ShardFatalError? in
            do {
                try await shard.run()
                return nil
            } catch let error as ShardFatalError {
                return error
            }
        }
    }

    /// Moves `clock` one heartbeat at a time while the next deadline is before `limit` (with
    /// `sleepers` parked: the heartbeat timer and the identify queue), and checks that each
    /// heartbeat reaches the sandbox and its ACK is read by the shard. Returns the heartbeats sent.
    static func heartbeat(
        _ shard: Shard, _ sandbox: DiscordSandbox, _ clock: ManualClock, before limit: Duration, sleepers: Int = 2
    ) async throws -> Int {
        var beats = 0
        while true {
            await clock.waitForSleepers(sleepers)
            guard let next = clock.nextDeadline, next.offset < limit else { return beats }
            let acknowledged = shard.acknowledgedHeartbeats
            clock.advance(to: next)
            _ = try await sandbox.nextGatewayPayload(op: 1)
            try await withTimeout("the ACK of heartbeat \(beats + 1)") {
                while shard.acknowledgedHeartbeats <= acknowledged {
                    try Task.checkCancellation()
                    await Task.yield()
                }
            }
            beats += 1
        }
    }

    @Test(arguments: [(UInt16(4004), "rejected the bot token"), (4014, "GUILD_MEMBERS")])
    func aFatalCloseFollowedByAResetStopsTheShardWithItsMessage(code: UInt16, phrase: String) async throws {
        try await withSandbox(SandboxConfiguration(resetAfterClose: true)) { sandbox in
            sandbox.injectOnNextConnection(.rejectIdentify(code: code))
            let shard = Shard(
                configuration: Support.configuration(
                    sandbox, compression: .zstdStream, clock: ManualClock(), intents: [.guilds, .guildMembers]))
            let fatal = try #require(try await Self.fatalStop(of: shard))
            #expect(fatal.closeCode == Int(code))
            #expect(fatal.message.contains(phrase), "\(fatal.message)")
            #expect(sandbox.connections.count == 1, "no reconnect after \(code)")
            #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
        }
    }

    @Test(arguments: [false, true])
    func aSessionTimeoutStartsANewSessionAfterTheIdentifyWait(reset: Bool) async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(heartbeatInterval: .seconds(1), clock: clock)) { sandbox in
            let shard = Shard(configuration: Support.configuration(sandbox, compression: .zstdStream, clock: clock))
            try await Support.running(shard) { events in
                guard case .ready(_, let first) = try await events.next("READY", where: Support.isReady) else { return }
                // 4009 at t = 0, the first Identify's instant: the next one may go at t = 5 s, and
                // the new connection waits for it over four or five 1 s heartbeat intervals.
                sandbox.inject(reset ? .closeThenReset(code: 4009) : .close(code: 4009))
                _ = try await events.next("disconnected") { if case .disconnected(_, 4009, true) = $0 { true } else { false } }
                let beats = try await Self.heartbeat(shard, sandbox, clock, before: .seconds(5))
                #expect(beats >= 4)
                #expect(sandbox.connections.count == 2)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
                clock.advance(to: .init(offset: .seconds(5)))
                guard case .ready(_, let second) = try await events.next("second READY", where: Support.isReady) else { return }
                #expect(first != second)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 2)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 6 }.isEmpty, "4009: a new session, no Resume")
                #expect(sandbox.connections.count == 2)
                #expect(!sandbox.closes.contains { $0.origin == .client && $0.code == 4000 }, "no zombie close")
            }
            #expect(sandbox.violations.isEmpty, "\(sandbox.violations)")
        }
    }

    @Test func aNonResumableInvalidSessionWaitsForItsTurnWithHeartbeatsAcknowledged() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(heartbeatInterval: .seconds(1), clock: clock)) { sandbox in
            let shard = Shard(configuration: Support.configuration(sandbox, compression: .zlibStream, clock: clock))
            try await Support.running(shard) { events in
                _ = try await events.next("READY", where: Support.isReady)
                sandbox.inject(.invalidSession(resumable: false))
                _ = try await events.next("disconnected") { if case .disconnected = $0 { true } else { false } }
                // The random 1–5 s wait before connecting again, then the identify slot at t = 5 s.
                await clock.waitForSleepers(1)
                clock.advanceToNextDeadline()
                let beats = try await Self.heartbeat(shard, sandbox, clock, before: .seconds(5))
                #expect(sandbox.connections.count == 2)
                if clock.now.offset < .seconds(4) { #expect(beats >= 1) }
                clock.advance(to: .init(offset: .seconds(5)))
                _ = try await events.next("second READY", where: Support.isReady)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 2)
                #expect(sandbox.connections.count == 2)
                #expect(!sandbox.closes.contains { $0.origin == .client && $0.code == 4000 }, "no zombie close")
            }
            #expect(sandbox.violations.isEmpty, "\(sandbox.violations)")
        }
    }

    @Test(arguments: [false, true])
    func aResumableCloseResumes(reset: Bool) async throws {
        try await withSandbox { sandbox in
            let shard = Shard(configuration: Support.configuration(sandbox, compression: .zstdStream, clock: ManualClock()))
            try await Support.running(shard) { events in
                _ = try await events.next("READY", where: Support.isReady)
                sandbox.inject(reset ? .closeThenReset(code: 4000) : .close(code: 4000))
                _ = try await events.next("RESUMED", where: Support.isResumed)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 6 }.count == 1)
            }
        }
    }

    @Test func aConnectionWaitingForItsIdentifyTurnStaysOpenAndHealthy() async throws {
        let clock = ManualClock()
        let interval = Duration.milliseconds(41_250)
        try await withSandbox(SandboxConfiguration(heartbeatInterval: interval, clock: clock)) { sandbox in
            // Another shard of the bucket identified just now: this one's turn comes four heartbeat
            // intervals later (a long queue shared by many shards).
            let queue = InMemoryIdentifyQueue(maxConcurrency: 1, interval: interval * 4, clock: clock)
            try await queue.waitForTurn(shardID: 1)
            let shard = Shard(configuration: Support.configuration(sandbox, compression: .zstdStream, clock: clock), identifyQueue: queue)
            try await Support.running(shard) { events in
                let beats = try await Self.heartbeat(shard, sandbox, clock, before: interval * 4)
                #expect(beats == 4, "Hello's heartbeat runs on time during the wait")
                #expect(shard.state == .identifying)
                #expect(sandbox.connections.count == 1)
                #expect(sandbox.closes.isEmpty, "\(sandbox.closes)")
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.isEmpty)
                clock.advance(to: .init(offset: interval * 4))
                _ = try await events.next("READY", where: Support.isReady)
                #expect(sandbox.connections.count == 1)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
            }
            #expect(sandbox.violations.isEmpty, "\(sandbox.violations)")
        }
    }

    @Test func aConsumerThatFallsBehindDoesNotMakeTheConnectionAZombie() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(clock: clock)) { sandbox in
            var configuration = Support.configuration(sandbox, compression: .zstdStream, clock: clock)
            configuration.eventBufferCapacity = 4
            let shard = Shard(configuration: configuration)
            try await Support.running(shard) { events in
                _ = try await events.next("READY", where: Support.isReady)
                for index in 0..<20 { _ = try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"\#(index)"}"#) }
                // Nobody reads: the stream fills and the reading task waits for room, ACKs unread behind it.
                try await withTimeout("a full event stream") {
                    while shard.events.bufferedCount < 4 || !shard.isReaderHeld {
                        try Task.checkCancellation()
                        await Task.yield()
                    }
                }
                for _ in 0..<3 {
                    await clock.waitForSleepers(1)
                    clock.advanceToNextDeadline()
                    _ = try await sandbox.nextGatewayPayload(op: 1)
                }
                #expect(shard.acknowledgedHeartbeats == 0, "the ACKs wait unread behind the full stream")
                #expect(sandbox.closes.isEmpty, "a healthy connection behind a slow consumer is not a zombie: \(sandbox.closes)")
                for _ in 0..<20 { _ = try await events.next("MESSAGE_CREATE") { Support.dispatchName($0) == "MESSAGE_CREATE" } }
                try await withTimeout("the ACKs, read once the consumer caught up") {
                    while shard.acknowledgedHeartbeats < 3 {
                        try Task.checkCancellation()
                        await Task.yield()
                    }
                }
                #expect(sandbox.connections.count == 1)
                #expect(sandbox.closes.isEmpty)
            }
        }
    }
}
