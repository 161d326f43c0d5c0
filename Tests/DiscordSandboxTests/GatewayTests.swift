import DiscordSandbox
import Foundation
import Testing

@Suite("Sandbox gateway", .timeLimit(.minutes(2)))
struct GatewayTests {
    static let guildA = SandboxGuild(id: 1_200_000_000_000_000_001, name: "A")
    static let guildB = SandboxGuild(id: 1_200_000_000_004_194_305, name: "B")

    @Test func helloIdentifyReadyGuildCreate() async throws {
        try await withSandbox(SandboxConfiguration(heartbeatInterval: .milliseconds(45_000))) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                let hello = try await client.receiveJSON()
                #expect(hello["op"] as? Int == 10)
                #expect((hello["d"] as? [String: Any])?["heartbeat_interval"] as? Int == 45_000)
                try await client.identify()
                let ready = try await client.receive(op: 0, event: "READY")
                let d = try #require(ready["d"] as? [String: Any])
                #expect(ready["s"] as? Int == 1)
                #expect(d["v"] as? Int == 10)
                #expect(d["resume_gateway_url"] as? String == sandbox.gatewayURL)
                #expect((d["guilds"] as? [[String: Any]])?.first?["unavailable"] as? Bool == true)
                #expect(d["session_id"] as? String != nil)
                let guild = try await client.receive(op: 0, event: "GUILD_CREATE")
                #expect((guild["d"] as? [String: Any])?["id"] as? String == "1200000000000000001")
                try await client.heartbeat()
                _ = try await client.receive(op: 11)
            }
            let identify = try await sandbox.nextGatewayPayload(op: 2)
            #expect(identify.json.contains("\"intents\":513"))
            #expect(sandbox.violations.isEmpty)
            #expect(sandbox.sessionStartsRemaining == 999)
        }
    }

    @Test func guildsGoToTheirShard() async throws {
        let configuration = SandboxConfiguration(guilds: [Self.guildA, Self.guildB], shardCount: 2, maxConcurrency: 2)
        #expect(Self.guildA.shardID(shardCount: 2) == 1)
        #expect(Self.guildB.shardID(shardCount: 2) == 0)
        try await withSandbox(configuration) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify(shard: [1, 2])
                let ready = try await client.receive(op: 0, event: "READY")
                let guilds = try #require((ready["d"] as? [String: Any])?["guilds"] as? [[String: Any]])
                #expect(guilds.map { $0["id"] as? String } == ["1200000000000000001"])
                #expect(((ready["d"] as? [String: Any])?["shard"] as? [Int]) == [1, 2])
            }
        }
    }

    @Test func wrongTokenBadShardAndDisallowedIntentsClose() async throws {
        try await withSandbox(SandboxConfiguration(disallowedIntents: 1 << 15)) { sandbox in
            enum BadIdentify { case token, shard, intents }
            for (bad, expected): (BadIdentify, UInt16) in [(.token, 4004), (.shard, 4010), (.intents, 4014)] {
                let received = try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                    _ = try await client.receive(op: 10)
                    switch bad {
                    case .token: try await client.identify(token: "nope")
                    case .shard: try await client.identify(shard: [3, 1])
                    case .intents: try await client.identify(intents: 1 << 15)
                    }
                    return try await client.receive()
                }
                #expect(received == .close(expected))
            }
        }
    }

    @Test func resumeReplaysMissedDispatches() async throws {
        try await withSandbox(SandboxConfiguration(separateResumeListener: true)) { sandbox in
            let (sessionID, resumeURL, seq) = try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                let ready = try await client.receive(op: 0, event: "READY")
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")
                let d = try #require(ready["d"] as? [String: Any])
                return (
                    try #require(d["session_id"] as? String), try #require(d["resume_gateway_url"] as? String), client.lastSequence ?? 0
                )
            }
            #expect(resumeURL == sandbox.resumeGatewayURL)
            #expect(resumeURL != sandbox.gatewayURL)
            // Events while the bot is away.
            try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"1","content":"a"}"#)
            try sandbox.dispatch(event: "MESSAGE_CREATE", json: #"{"id":"2","content":"b"}"#)
            try await TestGatewayClient.with(url: resumeURL) { client in
                _ = try await client.receive(op: 10)
                try await client.resume(sessionID: sessionID, seq: seq)
                let first = try await client.receive(op: 0)
                let second = try await client.receive(op: 0)
                let resumed = try await client.receive(op: 0)
                #expect(first["s"] as? Int == seq + 1)
                #expect((first["d"] as? [String: Any])?["id"] as? String == "1")
                #expect((second["d"] as? [String: Any])?["id"] as? String == "2")
                #expect(resumed["t"] as? String == "RESUMED")
            }
            #expect(sandbox.connections.last?.viaResumeURL == true)
            #expect(sandbox.connections.last?.resumed == true)
            // An unknown session gets op 9 false.
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.resume(sessionID: "nope", seq: 1)
                let invalid = try await client.receive(op: 9)
                #expect(invalid["d"] as? Bool == false)
            }
        }
    }

    @Test(arguments: ["zlib-stream", "zstd-stream"])
    func compressedTransport(_ compression: String) async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL, query: "v=10&encoding=json&compress=\(compression)") { client in
                let hello = try await client.receiveJSON()
                #expect(hello["op"] as? Int == 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")
                for i in 0..<20 {
                    try sandbox.dispatch(
                        event: "MESSAGE_CREATE", json: #"{"id":"\#(i)","content":"\#(String(repeating: "x", count: i * 50))"}"#)
                    let message = try await client.receive(op: 0, event: "MESSAGE_CREATE")
                    #expect((message["d"] as? [String: Any])?["id"] as? String == String(i))
                }
                #expect(client.rawBinaryFrames.count >= 23)
                if compression == "zlib-stream" {
                    #expect(client.rawBinaryFrames.allSatisfy { $0.suffix(4) == [0, 0, 0xFF, 0xFF] })
                    #expect(client.rawBinaryFrames.first?.first == 0x78)
                } else {
                    #expect(client.rawBinaryFrames.first?.prefix(4) == [0x28, 0xB5, 0x2F, 0xFD])
                }
            }
        }
    }

    /// A burst arrives complete and in order, each message its own frame on the connection's
    /// compression context, with consecutive sequences; a resume after it replays its tail.
    @Test(arguments: ["zlib-stream", "zstd-stream"])
    func burstArrivesInOrderAndIsReplayed(_ compression: String) async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let (sessionID, firstSeq) = try await TestGatewayClient.with(
                url: sandbox.gatewayURL, query: "v=10&encoding=json&compress=\(compression)"
            ) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                let ready = try await client.receive(op: 0, event: "READY")
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")
                let framesBefore = client.rawBinaryFrames.count
                let burst = (0..<300).map { i in
                    (event: "MESSAGE_CREATE", json: #"{"id":"\#(i)","content":"\#(String(repeating: "y", count: i % 97))"}"#)
                }
                let seqs = try sandbox.dispatchBurst(burst)
                #expect(seqs == Array((seqs[0])..<(seqs[0] + 300)))
                for i in 0..<300 {
                    let message = try await client.receive(op: 0, event: "MESSAGE_CREATE")
                    #expect(message["s"] as? Int == seqs[i])
                    #expect((message["d"] as? [String: Any])?["id"] as? String == String(i))
                }
                #expect(client.rawBinaryFrames.count - framesBefore == 300)
                let d = try #require(ready["d"] as? [String: Any])
                return (try #require(d["session_id"] as? String), seqs[0])
            }
            // Resuming from the middle of the burst replays the rest of it, in order.
            try await TestGatewayClient.with(url: sandbox.resumeGatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.resume(sessionID: sessionID, seq: firstSeq + 249)
                for i in 250..<300 {
                    let message = try await client.receive(op: 0, event: "MESSAGE_CREATE")
                    #expect(message["s"] as? Int == firstSeq + i)
                    #expect((message["d"] as? [String: Any])?["id"] as? String == String(i))
                }
                _ = try await client.receive(op: 0, event: "RESUMED")
            }
            #expect(sandbox.violations.isEmpty)
            #expect(throws: SandboxError.self) { try sandbox.dispatchBurst([(event: "X", json: "{nope")]) }
        }
    }

    @Test func wssWithGeneratedCertificate() async throws {
        try await withSandbox(SandboxConfiguration(tls: true)) { sandbox in
            #expect(sandbox.gatewayURL.hasPrefix("wss://127.0.0.1:"))
            let pem = try #require(sandbox.certificatePEM)
            #expect(pem.contains("BEGIN CERTIFICATE"))
            try await TestGatewayClient.with(url: sandbox.gatewayURL, trustPEM: pem) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
            }
            // Without trusting the CA the handshake fails.
            await #expect(throws: (any Error).self) {
                try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                    _ = try await client.receive()
                }
            }
        }
    }

    @Test func scriptedFaults() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")

                sandbox.inject(.reconnect)
                _ = try await client.receive(op: 7)
                sandbox.inject(.invalidSession(resumable: true))
                let value1 = try await client.receive(op: 9)
                #expect(value1["d"] as? Bool == true)
                sandbox.inject(.rateLimited(opcode: 8, retryAfter: 1.5))
                let limited = try await client.receive(op: 0, event: "RATE_LIMITED")
                #expect((limited["d"] as? [String: Any])?["retry_after"] as? Double == 1.5)

                sandbox.inject(.withholdHeartbeatACKs(count: 1))
                try sandbox.dispatch(event: "MARKER", json: "{}")
                _ = try await client.receive(op: 0, event: "MARKER")
                try await client.heartbeat()
                try await client.heartbeat()
                _ = try await client.receive(op: 11)  // only the second one is answered
                #expect(sandbox.gatewayPayloads.filter { $0.op == 1 }.count == 2)

                sandbox.inject(.close(code: 4000))
                let value2 = try await client.receive()
                #expect(value2 == .close(4000))
                // The closing handshake: the sandbox waits for the client's answer before it
                // closes the socket, so the answer is read and recorded.
                try await client.sendClose(4000)
                _ = try await sandbox.waitForClose(timeout: .seconds(10)) { $0.origin == .client && $0.code == 4000 }
            }
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
                sandbox.inject(.dropConnection)
                while true {
                    let received = try await client.receive()
                    if received == .ended { break }
                    if case .close = received { Issue.record("a dropped connection must not send a close frame") }
                }
            }
            try await sandbox.waitForClose { $0.origin == .serverDroppedTCP }
        }
    }

    @Test(arguments: ["zlib-stream", "zstd-stream"])
    func pacedDispatchesArriveInOrderOneFramePerDispatch(_ compression: String) async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL, query: "v=10&encoding=json&compress=\(compression)") { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")
                let framesBefore = client.rawBinaryFrames.count
                let seqs = try sandbox.dispatchPaced((0..<100).map { (event: "MESSAGE_CREATE", json: #"{"id":"\#($0)"}"#) })
                #expect(seqs == Array((seqs[0])..<(seqs[0] + 100)))
                for i in 0..<100 {
                    let message = try await client.receive(op: 0, event: "MESSAGE_CREATE")
                    #expect(message["s"] as? Int == seqs[i])
                    #expect((message["d"] as? [String: Any])?["id"] as? String == String(i))
                }
                #expect(client.rawBinaryFrames.count - framesBefore == 100)
            }
            #expect(sandbox.violations.isEmpty)
        }
    }

    @Test func closeThenResetSendsTheCodeThenResets() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
                sandbox.inject(.closeThenReset(code: 4009))
                // The frame, then the reset: the client sees the code, or (if the reset overtook
                // its read of the frame) an error or the end; the server's record is the assertion.
                var outcome: TestGatewayClient.Received?
                do {
                    while true {
                        let next = try await client.receive()
                        if case .payload = next { continue }
                        outcome = next
                        break
                    }
                } catch {
                    outcome = nil
                }
                #expect(outcome == .close(4009) || outcome == .ended || outcome == nil)
            }
            try await sandbox.waitForClose { $0.code == 4009 && $0.origin == .server }
        }
    }

    @Test func connectionStartFaults() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            sandbox.injectOnNextConnection(.reconnectBeforeHello)
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                let value3 = try await client.receiveJSON()
                #expect(value3["op"] as? Int == 7)
                let value4 = try await client.receiveJSON()
                #expect(value4["op"] as? Int == 10)
            }
            sandbox.injectOnNextConnection(.closeBeforeHello(code: 4009))
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                // The test client can miss a frame that arrives in the same read as the upgrade
                // response (a known race of its minimal NIO pipeline), so the server's record is
                // the assertion; the client must at least see the connection end.
                let value5 = try await client.receive()
                #expect(value5 == .close(4009) || value5 == .ended)
            }
            try await sandbox.waitForClose { $0.code == 4009 && $0.origin == .server }
        }
    }

    @Test func limitsAreEnforcedAndRecorded() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            // Identify before Hello (Hello delayed) is recorded.
            sandbox.injectOnNextConnection(.delayHello(.milliseconds(300)))
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                try await client.identify()
                _ = try await client.receive(op: 0, event: "READY")
            }
            #expect(sandbox.violations.contains { $0.kind == .identifyBeforeHello })
            // Over 4096 bytes: closed 4002.
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.send(#"{"op":3,"d":{"x":"\#(String(repeating: "y", count: 5000))"}}"#)
                let value6 = try await client.receive()
                #expect(value6 == .close(4002))
            }
            #expect(sandbox.violations.contains { $0.kind == .payloadTooLarge })
            // More than 120 payloads a minute: closed 4008.
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                for _ in 0..<121 { try await client.send(#"{"op":1,"d":null}"#) }
                while true {
                    let received = try await client.receive()
                    if case .close(let code) = received {
                        #expect(code == 4008)
                        break
                    }
                    if received == .ended { break }
                }
            }
            #expect(sandbox.violations.contains { $0.kind == .sendRateExceeded })
        }
    }

    @Test func injectedInteractionArrivesAndCallbackIsRecorded() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try await TestGatewayClient.with(url: sandbox.gatewayURL) { client in
                _ = try await client.receive(op: 10)
                try await client.identify()
                _ = try await client.receive(op: 0, event: "GUILD_CREATE")
                let injected = try sandbox.injectInteraction(
                    .slashCommand(name: "roll", options: [.subcommand("ten", [.integer("count", 10)])]))
                let event = try await client.receive(op: 0, event: "INTERACTION_CREATE")
                let d = try #require(event["d"] as? [String: Any])
                #expect(d["id"] as? String == String(injected.id))
                #expect(d["token"] as? String == injected.token)
                #expect(d["type"] as? Int == 2)
                #expect(((d["data"] as? [String: Any])?["name"] as? String) == "roll")
                #expect(
                    ((d["member"] as? [String: Any])?["user"] as? [String: Any])?["id"] as? String == String(DiscordSandbox.defaultMemberID)
                )

                let button = try sandbox.injectInteraction(.button(customID: "pull:1"))
                let click = try await client.receive(op: 0, event: "INTERACTION_CREATE")
                #expect(((click["d"] as? [String: Any])?["data"] as? [String: Any])?["custom_id"] as? String == "pull:1")
                #expect(button.id != injected.id)
            }
        }
    }
}
