import Clocks
import DiscordModels
import DiscordSandbox
import Testing

@testable import DiscordGateway

/// Dispatches nobody subscribed to never leave the event loop, yet their sequence is what the
/// shard's heartbeats and its Resume carry (against the loopback Discord, real sockets).
@Suite(.timeLimit(.minutes(2)))
struct ShardSequenceTests {
    typealias Harness = ShardIntegrationTests

    @Test(arguments: [GatewayCompression.zstdStream, .zlibStream])
    func unsubscribedDispatchesAdvanceTheHeartbeatAndResumeSequence(compression: GatewayCompression) async throws {
        try await withSandbox { sandbox in
            let clock = ManualClock()
            let shard = Shard(configuration: Harness.configuration(sandbox, compression: compression, clock: clock, subscribed: ["TYPING_START"]))
            try await Harness.running(shard) { events in
                _ = try await events.next("READY", where: Harness.isReady)
                let typing = try sandbox.dispatch(event: "TYPING_START", json: #"{"user_id":"1"}"#)
                _ = try await events.next("TYPING_START") { Harness.dispatchName($0) == "TYPING_START" }
                var sequences: [Int] = []
                for index in 0..<20 {
                    sequences.append(try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"\#(index)","content":"hello"}"#))
                }
                let last = try #require(sequences.last)
                #expect(last == typing + 20)
                // Nothing is delivered for them; the state machine's sequence moves on by itself.
                try await withTimeout("sequence \(last)") {
                    while shard.session?.sequence != last { await Task.yield() }
                }
                #expect(!events.all.contains { Harness.dispatchName($0) == "MESSAGE_CREATE" })
                // The next heartbeat carries it.
                await clock.waitForSleepers(1)
                clock.advanceToNextDeadline()
                let heartbeat = try await sandbox.nextGatewayPayload(op: 1)
                #expect(heartbeat.json.replacingOccurrences(of: " ", with: "").contains(#""d":\#(last)"#), "\(heartbeat.json)")
                // So does the Resume after a dropped connection: nothing is replayed.
                sandbox.inject(.dropConnection)
                _ = try await events.next("RESUMED", where: Harness.isResumed)
                let resume = try #require(sandbox.gatewayPayloads.first { $0.op == 6 })
                #expect(resume.json.contains(#""seq":\#(last)"#), "\(resume.json)")
                #expect(!events.all.contains { Harness.dispatchName($0) == "MESSAGE_CREATE" })
            }
        }
    }
}
