import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Logging
import Testing

@testable import DiscordGateway

/// The shard against the loopback Discord over real sockets on 127.0.0.1. Time on the shard's
/// side is a `ManualClock`: heartbeats and backoff only happen when a test advances it.
@Suite(.timeLimit(.minutes(2)))
struct ShardIntegrationTests {
    /// Reads a shard's events in order, with a wall-clock guard against hangs.
    final class EventReader: Sendable {
        let channel: BoundedEventChannel<ShardEvent>
        private let seen = Locked<[ShardEvent]>([])
        init(_ channel: BoundedEventChannel<ShardEvent>) { self.channel = channel }

        /// The next event satisfying `predicate`; events skipped on the way are kept in `all`.
        func next(_ what: String, where predicate: @escaping @Sendable (ShardEvent) -> Bool) async throws -> ShardEvent {
            let channel = self.channel
            let seen = self.seen
            return try await withTimeout(what) {
                var iterator = channel.makeAsyncIterator()
                while let event = await iterator.next() {
                    seen.withLock { $0.append(event) }
                    if predicate(event) { return event }
                }
                throw TimedOut(what: "\(what) (stream ended)")
            }
        }

        var all: [ShardEvent] { seen.value }
    }

    static func configuration(
        _ sandbox: DiscordSandbox, compression: GatewayCompression, clock: ManualClock,
        intents: GatewayIntents = [.guilds], subscribed: Set<String>? = nil
    ) -> GatewayConfiguration {
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .warning
        return GatewayConfiguration(
            token: BotToken("sandbox-token"), intents: intents, gatewayURL: sandbox.gatewayURL, compression: compression,
            subscribedEvents: subscribed, trustRootsPEM: sandbox.certificatePEM.map { [$0] }, connectTimeout: nil,
            clock: clock, random: SeededRandomSource(seed: 7), logger: logger)
    }

    static func isReady(_ event: ShardEvent) -> Bool { if case .ready = event { true } else { false } }
    static func isResumed(_ event: ShardEvent) -> Bool { if case .resumed = event { true } else { false } }
    static func dispatchName(_ event: ShardEvent) -> String? { if case .dispatch(let d) = event { d.name } else { nil } }

    /// Runs `shard` while `body` drives it, then stops it and checks `run()` returned.
    static func running(_ shard: Shard, _ body: @escaping @Sendable (EventReader) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await shard.run() }
            let reader = EventReader(shard.events)
            do {
                try await body(reader)
            } catch {
                await shard.stop()
                group.cancelAll()
                throw error
            }
            await shard.stop()
            // Drain so a shard blocked on a full channel can finish.
            for await _ in shard.events {}
            try await group.waitForAll()
        }
    }

    @Test(arguments: [(false, GatewayCompression.zlibStream), (true, .zstdStream), (true, .zlibStream), (false, .none)])
    func identifyReadyThenGuildCreateAndDispatchesInOrder(tls: Bool, compression: GatewayCompression) async throws {
        try await withSandbox(SandboxConfiguration(tls: tls)) { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: compression, clock: clock))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                let guildCreate = try await events.next("GUILD_CREATE") { Self.dispatchName($0) == "GUILD_CREATE" }
                if case .dispatch(let dispatch) = guildCreate, case .guildCreateSummary(let guild) = dispatch.event {
                    #expect(guild.owner_id != nil, "the bot needs the owner")
                    #expect(GuildCreateSummary(try JSONDecoder().decode(GuildCreate.self, from: Data(dispatch.data))) == guild)
                } else {
                    Issue.record("GUILD_CREATE was not decoded: \(guildCreate)")
                }
                var sequences: [Int] = []
                for index in 0..<5 {
                    sequences.append(try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"\#(index)","content":"m\#(index)"}"#))
                }
                var received: [Int] = []
                for _ in 0..<5 {
                    let event = try await events.next("MESSAGE_CREATE") { Self.dispatchName($0) == "MESSAGE_CREATE" }
                    if case .dispatch(let dispatch) = event {
                        received.append(dispatch.sequence ?? -1)
                        #expect(String(decoding: dispatch.data, as: UTF8.self).contains("\"content\""))
                    }
                }
                #expect(received == sequences)
            }
            let identify = try #require(sandbox.gatewayPayloads.first { $0.op == 2 })
            #expect(identify.json.contains(#""shard":[0,1]"#))
            #expect(identify.json.contains(#""os":"linux""#))
            #expect(identify.json.contains(#""compress":false"#))
            #expect(identify.json.contains(#""large_threshold":50"#))
            #expect(sandbox.connections.first?.compression == compression.queryValue)
            // Graceful stop closes with 4000, not 1000, so the session survives a restart.
            #expect(sandbox.closes.contains { $0.origin == .client && $0.code == 4000 })
            #expect(sandbox.violations.isEmpty, "\(sandbox.violations)")
        }
    }

    @Test func unsubscribedDispatchesOnlyAdvanceTheSequence() async throws {
        try await withSandbox { sandbox in
            let clock = ManualClock()
            let shard = Shard(
                configuration: Self.configuration(sandbox, compression: .zstdStream, clock: clock, subscribed: ["TYPING_START"]))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                let skipped = try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"1"}"#)
                let wanted = try sandbox.dispatch(event: "TYPING_START", json: #"{"user_id":"1"}"#)
                let event = try await events.next("TYPING_START") { Self.dispatchName($0) != nil }
                #expect(Self.dispatchName(event) == "TYPING_START")
                #expect(wanted == skipped + 1)
                #expect(shard.session?.sequence == wanted)
                #expect(!events.all.contains { Self.dispatchName($0) == "MESSAGE_CREATE" || Self.dispatchName($0) == "GUILD_CREATE" })
            }
        }
    }

    /// Subscribed dispatches go from the event loop straight into the event stream while it has
    /// room; once it is full they queue behind the shard's reading task, and socket reads stop.
    /// Either way every one arrives, in order, and the sequence keeps up.
    @Test func aFullEventStreamHoldsDispatchesBackWithoutLosingOrReorderingAny() async throws {
        try await withSandbox { sandbox in
            var configuration = Self.configuration(sandbox, compression: .zstdStream, clock: ManualClock(), subscribed: ["TYPING_START"])
            configuration.eventBufferCapacity = 2
            let shard = Shard(configuration: configuration)
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                var wanted: [Int] = []
                for index in 0...60 {
                    if index % 3 == 2 {
                        _ = try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"\#(index)"}"#)
                    } else {
                        wanted.append(try sandbox.dispatch(event: "TYPING_START", json: #"{"user_id":"\#(index)"}"#))
                    }
                }
                var received: [Int] = []
                while received.count < wanted.count {
                    let event = try await events.next("TYPING_START") { Self.dispatchName($0) == "TYPING_START" }
                    if case .dispatch(let dispatch) = event { received.append(dispatch.sequence ?? -1) }
                }
                #expect(received == wanted)
                #expect(shard.session?.sequence == wanted.last)
            }
        }
    }

    @Test(arguments: [false, true])
    func droppedConnectionResumesOnTheResumeURLAndReplaysMissedEvents(tls: Bool) async throws {
        try await withSandbox(SandboxConfiguration(tls: tls, separateResumeListener: true)) { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .zlibStream, clock: clock))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                sandbox.inject(.dropConnection)
                var sequences: [Int] = []
                for index in 0..<3 {
                    sequences.append(try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"\#(index)"}"#))
                }
                _ = try await events.next("disconnected") { if case .disconnected(_, _, true) = $0 { true } else { false } }
                var received: [Int] = []
                while received.count < 3 {
                    let event = try await events.next("replayed MESSAGE_CREATE") { Self.dispatchName($0) == "MESSAGE_CREATE" }
                    if case .dispatch(let d) = event { received.append(d.sequence ?? -1) }
                }
                #expect(received == sequences)
                try await sandbox.waitForResumes(count: 1)
                let resumed = try #require(sandbox.connections.last)
                #expect(resumed.resumed)
                #expect(resumed.viaResumeURL)
                #expect(resumed.compression == "zlib-stream")
                let resume = try #require(sandbox.gatewayPayloads.first { $0.op == 6 })
                #expect(resume.json.contains("\"session_id\""))
            }
            #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
        }
    }

    @Test func reconnectRequestClosesWith4000AndResumes() async throws {
        try await withSandbox { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .zstdStream, clock: clock))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                sandbox.inject(.reconnect)
                _ = try await events.next("RESUMED", where: Self.isResumed)
                #expect(sandbox.closes.contains { $0.origin == .client && $0.code == 4000 })
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
            }
        }
    }

    @Test func aConnectionWithoutHelloIsAbandonedAfterTheHelloTimeout() async throws {
        // The sandbox's Hello delay runs on a clock nobody advances: the first connection never
        // says Hello. The shard's own (manual) clock decides when it gives up.
        let sandboxClock = ManualClock()
        try await withSandbox(SandboxConfiguration(clock: sandboxClock)) { sandbox in
            sandbox.injectOnNextConnection(.delayHello(.seconds(3600)))
            let clock = ManualClock()
            var configuration = Self.configuration(sandbox, compression: .zstdStream, clock: clock)
            configuration.helloTimeout = .seconds(30)
            let shard = Shard(configuration: configuration)
            try await Self.running(shard) { events in
                await clock.waitForSleepers(1)  // the Hello timeout
                clock.advance(by: .seconds(30))
                await clock.waitForSleepers(1)  // the reconnect backoff
                clock.advance(by: .seconds(60))
                _ = try await events.next("READY", where: Self.isReady)
                #expect(sandbox.connections.count == 2, "the silent connection, then a new one")
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1, "one Identify, on the second connection")
            }
        }
    }

    @Test func reconnectRequestBeforeHelloIsHonoured() async throws {
        try await withSandbox { sandbox in
            sandbox.injectOnNextConnection(.reconnectBeforeHello)
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .zlibStream, clock: clock))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                #expect(sandbox.connections.count == 2)
                #expect(sandbox.closes.first { $0.connectionID == sandbox.connections[0].id }.map { $0.code != 1000 } == true)
            }
        }
    }

    @Test func nonResumableInvalidSessionWaitsThenIdentifiesAnew() async throws {
        try await withSandbox { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .zstdStream, clock: clock))
            try await Self.running(shard) { events in
                guard case .ready(_, let first) = try await events.next("READY", where: Self.isReady) else { return }
                sandbox.inject(.invalidSession(resumable: false))
                _ = try await events.next("disconnected") { if case .disconnected = $0 { true } else { false } }
                // Parked in the random 1–5 s wait: nothing happens until the clock moves.
                await clock.waitForSleepers(1)
                let wait = try #require(clock.nextDeadline).offset - clock.now.offset
                #expect(wait >= .seconds(1) && wait <= .seconds(5))
                #expect(sandbox.connections.count == 1)
                clock.advance(by: wait)
                // Connected again: the heartbeat timer and Identify, which waits for its 5 s
                // identify-queue slot (one identify per bucket per 5 s), are parked.
                await clock.waitForSleepers(2)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
                clock.advance(to: .init(offset: .seconds(5)))
                guard case .ready(_, let second) = try await events.next("second READY", where: Self.isReady) else { return }
                #expect(first != second)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 2)
                #expect(sandbox.gatewayPayloads.filter { $0.op == 6 }.isEmpty)
            }
        }
    }

    @Test func resumableInvalidSessionResumes() async throws {
        try await withSandbox { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .zstdStream, clock: clock))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                sandbox.inject(.invalidSession(resumable: true))
                _ = try await events.next("RESUMED", where: Self.isResumed)
            }
        }
    }

    @Test func withheldAckMakesAZombieThatIsClosedWith4000AndResumed() async throws {
        try await withSandbox { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .zlibStream, clock: clock))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                sandbox.inject(.withholdHeartbeatACKs(count: 1))
                // First heartbeat: after interval × random, with the last sequence.
                await clock.waitForSleepers(1)
                let first = try #require(clock.nextDeadline).offset
                #expect(first <= .milliseconds(41_250))
                clock.advance(to: .init(offset: first))
                let heartbeat = try await sandbox.nextGatewayPayload(op: 1)
                #expect(!heartbeat.json.contains("null"))
                // Next tick one interval later finds no ACK: zombie.
                await clock.waitForSleepers(1)
                #expect(try #require(clock.nextDeadline).offset == first + .milliseconds(41_250))
                clock.advanceToNextDeadline()
                _ = try await events.next("RESUMED", where: Self.isResumed)
                #expect(sandbox.closes.contains { $0.origin == .client && $0.code == 4000 })
                #expect(shard.latency == nil)
                // On the new connection heartbeats are acknowledged and the round trip is measured.
                await clock.waitForSleepers(1)
                clock.advanceToNextDeadline()
                _ = try await sandbox.nextGatewayPayload(op: 1)
                try await withTimeout("latency") {
                    while shard.latency == nil { await Task.yield() }
                }
                #expect(shard.latency == .zero)  // the manual clock did not move during the round trip
            }
        }
    }

    @Test func disallowedIntentStopsTheShardWithAMessageNamingIt() async throws {
        let members = GatewayIntents.guildMembers.rawValue
        try await withSandbox(SandboxConfiguration(disallowedIntents: members)) { sandbox in
            let clock = ManualClock()
            let shard = Shard(
                configuration: Self.configuration(sandbox, compression: .zstdStream, clock: clock, intents: [.guilds, .guildMembers]))
            let error = try await withTimeout("fatal stop") { () -> ShardFatalError? in
                do {
                    try await shard.run()
                    return nil
                } catch let error as ShardFatalError {
                    return error
                }
            }
            let fatal = try #require(error)
            #expect(fatal.closeCode == 4014)
            #expect(fatal.message.contains("GUILD_MEMBERS"))
            #expect(fatal.message.contains("Developer Portal"))
            #expect(sandbox.connections.count == 1)
        }
    }

    @Test func rateLimitedDispatchIsExposed() async throws {
        try await withSandbox { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .zstdStream, clock: clock))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                sandbox.inject(.rateLimited(opcode: 8, retryAfter: 1.5))
                let event = try await events.next("RATE_LIMITED") { if case .rateLimited = $0 { true } else { false } }
                guard case .rateLimited(_, let limit) = event else { return }
                #expect(limit == GatewayRateLimit(opcode: 8, retryAfter: 1.5))
                #expect(shard.lastRateLimit == limit)
            }
        }
    }

    @Test func aRestartWithASavedSessionResumesInsteadOfIdentifying() async throws {
        try await withSandbox { sandbox in
            let store = InMemorySessionStore()
            let first = Shard(
                configuration: Self.configuration(sandbox, compression: .zstdStream, clock: ManualClock()), sessionStore: store)
            try await Self.running(first) { events in
                _ = try await events.next("READY", where: Self.isReady)
                _ = try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"1"}"#)
                _ = try await events.next("MESSAGE_CREATE") { Self.dispatchName($0) == "MESSAGE_CREATE" }
            }
            let saved = try #require(try await store.load(shardID: 0))
            #expect(saved.sequence == first.session?.sequence)
            let second = Shard(
                configuration: Self.configuration(sandbox, compression: .zstdStream, clock: ManualClock()), sessionStore: store)
            try await Self.running(second) { events in
                _ = try await events.next("RESUMED", where: Self.isResumed)
            }
            #expect(sandbox.gatewayPayloads.filter { $0.op == 2 }.count == 1)
            #expect(sandbox.gatewayPayloads.filter { $0.op == 6 }.count == 1)
        }
    }

    @Test func sendRejectsPayloadsOver4096Bytes() async throws {
        try await withSandbox { sandbox in
            let shard = Shard(configuration: Self.configuration(sandbox, compression: .none, clock: ManualClock()))
            try await Self.running(shard) { events in
                _ = try await events.next("READY", where: Self.isReady)
                let big = #"{"op":3,"d":{"status":""# + String(repeating: "x", count: 5000) + #""}}"#
                await #expect(throws: GatewaySendError.payloadTooLarge(bytes: big.utf8.count, limit: 4096)) {
                    try await shard.send(json: big)
                }
            }
            #expect(!sandbox.violations.contains { $0.kind == .payloadTooLarge })
        }
    }
}
