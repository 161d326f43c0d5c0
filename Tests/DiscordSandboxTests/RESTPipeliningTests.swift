import Clocks
import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix
import Testing

@testable import DiscordSandbox

/// Requests a client pipelines on one connection are answered in their order, even when the
/// first one waits (a scripted delay) and the next one could be answered at once.
@Suite(.timeLimit(.minutes(1)))
struct RESTPipeliningTests {
    @Test func aDelayedRequestIsAnsweredBeforeTheOnePipelinedBehindIt() async throws {
        let clock = ManualClock()
        try await withSandbox(SandboxConfiguration(clock: clock)) { sandbox in
            sandbox.inject(.delay(.seconds(5)), target: .route("GET", "/gateway/bot"), count: 1)
            let port = try #require(URL(string: sandbox.restBaseURL)?.port)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            let headers =
                "Host: 127.0.0.1\r\nAuthorization: Bot \(sandbox.configuration.token.secret)\r\nUser-Agent: DiscordBot (https://example.com, 1.0)\r\n\r\n"
            let pipelined = "GET /api/v10/gateway/bot HTTP/1.1\r\n\(headers)GET /api/v10/users/@me HTTP/1.1\r\n\(headers)"
            let received = try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: pipelined))
                // The delayed request is parked on the sandbox's clock: let it go.
                await clock.waitForSleepers(1)
                clock.advance(by: .seconds(5))
                var text = ""
                for try await buffer in inbound {
                    text += String(buffer: buffer)
                    if text.contains("\"username\"") && text.contains("\"session_start_limit\"") { break }
                }
                return text
            }
            let gatewayAnswer = try #require(received.range(of: "\"session_start_limit\""))
            let userAnswer = try #require(received.range(of: "\"username\""))
            #expect(gatewayAnswer.lowerBound < userAnswer.lowerBound, "answers out of order: \(received)")
        }
    }

    /// The handler itself: while a request passed on to the connection's task is unanswered, the
    /// requests behind it are passed on too, even those it could answer at once.
    @Test func requestsBehindAPassedOnOneArePassedOnUntilItIsAnswered() throws {
        // The first request may wait (nil: "pass it on"); every other one is answered at once.
        let handler = RESTImmediateHandler { request in request.path == "/slow" ? nil : .noContent() }
        let channel = EmbeddedChannel(handler: handler)
        func send(_ path: String) throws {
            try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path)))
            try channel.writeInbound(HTTPServerRequestPart.end(nil))
        }
        func passedOn() throws -> [String] {
            var paths: [String] = []
            while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
                if case .head(let head) = part { paths.append(head.uri) }
            }
            return paths
        }
        func answered() throws -> Int {
            var count = 0
            while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) {
                if case .end = part { count += 1 }
            }
            return count
        }

        try send("/slow")
        try send("/fast")
        #expect(try passedOn() == ["/slow", "/fast"])
        #expect(try answered() == 0, "nothing may overtake the request that waits")
        // The connection's task answers both, in order.
        for _ in 0..<2 {
            try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .noContent)))
            try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        }
        #expect(try answered() == 2)
        try send("/fast")
        #expect(try passedOn() == [])
        #expect(try answered() == 1, "answered at once again")
        _ = try channel.finish()
    }
}
