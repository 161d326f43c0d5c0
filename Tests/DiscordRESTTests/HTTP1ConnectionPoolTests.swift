import DiscordModels
import DiscordSandbox
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import Testing

@testable import DiscordREST

/// The REST client's own keep-alive HTTP/1.1 connections (`HTTP1ConnectionPool`): base URLs,
/// reuse and its bound, `Connection: close`, body limits, cancellation.
@Suite(.timeLimit(.minutes(1)))
struct HTTP1ConnectionPoolTests {
    @Test func baseURLsAreSplitIntoOriginAndPathPrefix() throws {
        let local = try HTTP1ConnectionPool.Origin(baseURL: "http://127.0.0.1:8080/api/v10")
        #expect(!local.tls && local.host == "127.0.0.1" && local.port == 8080)
        #expect(local.pathPrefix == "/api/v10" && local.authority == "127.0.0.1:8080")
        #expect(local.serverHostname == nil, "no SNI for an IP address")
        let discord = try HTTP1ConnectionPool.Origin(baseURL: "https://discord.com/api/v10/")
        #expect(discord.tls && discord.host == "discord.com" && discord.port == 443)
        #expect(discord.pathPrefix == "/api/v10" && discord.authority == "discord.com")
        #expect(discord.serverHostname == "discord.com")
        let v6 = try HTTP1ConnectionPool.Origin(baseURL: "http://[::1]:9")
        #expect(v6.host == "::1" && v6.port == 9 && v6.pathPrefix == "" && v6.authority == "[::1]:9")
        for bad in [
            "ftp://host/api", "host/api", "http://", "http://user:secret@host/api", "http://host:0", "http://host:99999",
            "http://host/a?b=1",
        ] {
            #expect(throws: HTTP1TransportError.self, "\(bad)") { try HTTP1ConnectionPool.Origin(baseURL: bad) }
        }
    }

    @Test func anUnusableBaseURLFailsEveryRequestWithoutNamingIt() async throws {
        let client = DiscordRESTClient(
            token: .init(sandboxToken), baseURL: "ftp://example.com/\(sandboxToken)", clock: JumpingClock(),
            options: .init(retry: RetryPolicy(maximumAttempts: 1)))
        do throws(DiscordRESTError) {
            _ = try await client.getCurrentUser()
            Issue.record("expected a transport error")
        } catch {
            guard case .transport(let message, _) = error else {
                Issue.record("expected .transport, got \(error)")
                return
            }
            #expect(message.contains("scheme"))
            #expect(!message.contains(sandboxToken))
        }
    }

    @Test func concurrentRequestsShareAtMostTheConfiguredKeepAliveConnections() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(
                // A request waiting its turn for one of 3 connections counts against its timeout, and
                // a timed-out request is retried (a 41st request): generous, for a loaded machine.
                sandbox, tls: trust, options: .init(requestTimeout: .seconds(60), maximumConnections: 3))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 { group.addTask { _ = try await client.getCurrentUser() } }
                try await group.waitForAll()
            }
            #expect(sandbox.requests.count == 40)
            #expect(sandbox.requests.allSatisfy { $0.responseStatus == 200 })
            let open = try #require(client.openConnections)
            #expect((1...3).contains(open), "opened \(open)")
            // Sequential requests reuse one idle connection: nothing new is opened.
            for _ in 0..<10 { _ = try await client.getCurrentUser() }
            #expect(client.openConnections == open)
        }
    }

    @Test func aResponseLargerThanTheLimitIsATransportError() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(
                sandbox, tls: trust,
                options: .init(requestTimeout: .seconds(10), retry: RetryPolicy(maximumAttempts: 1), maximumResponseBytes: 16))
            do throws(DiscordRESTError) {
                _ = try await client.getCurrentUser()
                Issue.record("expected a transport error")
            } catch {
                guard case .transport(let message, _) = error else {
                    Issue.record("expected .transport, got \(error)")
                    return
                }
                #expect(message.contains("larger than 16 bytes"))
            }
            #expect(client.openConnections == 0, "a connection in an unknown state is closed")
        }
    }

    @Test func aServerThatClosesAfterEachAnswerGetsANewConnectionEachTime() async throws {
        try await withScriptedServer(.answerThenClose) { server in
            let client = DiscordRESTClient(
                token: .init(sandboxToken), baseURL: "http://127.0.0.1:\(server.port)/api/v10", clock: JumpingClock())
            for _ in 0..<3 { _ = try await client.getCurrentUser() }
            #expect(server.accepted == 3)
            let request = try #require(server.requests.first)
            #expect(request.hasPrefix("GET /api/v10/users/@me HTTP/1.1\r\n"))
            #expect(request.contains("\r\nHost: 127.0.0.1:\(server.port)\r\n"))
            #expect(request.contains("\r\nAuthorization: Bot \(sandboxToken)\r\n"))
            #expect(request.hasSuffix("\r\n\r\n"))
        }
    }

    @Test(arguments: [(TimeAmount.seconds(45), 1), (TimeAmount.zero, 3)])
    func idleConnectionsAreReusedUntilTheyHaveBeenIdleTooLong(idleTimeout: TimeAmount, connections: Int) async throws {
        try await withScriptedServer(.answerKeepingAlive) { server in
            let pool = try HTTP1ConnectionPool(
                origin: .init(baseURL: "http://127.0.0.1:\(server.port)"), group: MultiThreadedEventLoopGroup.singleton,
                tls: .makeClientConfiguration(), maximumConnections: 4, idleTimeout: idleTimeout)
            for _ in 0..<3 {
                let response = try await pool.execute(
                    ByteBuffer(string: "GET /x HTTP/1.1\r\nHost: a\r\n\r\n"), method: .GET, deadline: .now() + .seconds(10),
                    maximumResponseBytes: 1024)
                #expect(response.status == 200 && response.keepAlive)
                #expect(String(buffer: response.body) == #"{"id":"1","username":"u"}"#)
            }
            #expect(server.accepted == connections)
            #expect(pool.openConnections == 1)
            pool.shutdown()
            #expect(pool.openConnections == 0)
        }
    }

    /// A connection keeps one timer: armed for its first request, still running when the second
    /// (with a later deadline) is sent on the same connection. When it fires it must not time the
    /// second request out early, and it must time it out at its own deadline.
    @Test func eachRequestTimesOutAtItsOwnDeadlineOnAReusedConnection() async throws {
        try await withScriptedServer(.answerFirstOnly) { server in
            let pool = try HTTP1ConnectionPool(
                origin: .init(baseURL: "http://127.0.0.1:\(server.port)"), group: MultiThreadedEventLoopGroup.singleton,
                tls: .makeClientConfiguration(), maximumConnections: 1)
            let request = ByteBuffer(string: "GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
            // Deadlines generous enough for a loaded machine (the suite runs PostgreSQL beside it):
            // the test takes about 10 s, spent waiting.
            let first = try await pool.execute(request, method: .GET, deadline: .now() + .seconds(8), maximumResponseBytes: 1024)
            #expect(first.status == 200)
            let secondDeadline = NIODeadline.now() + .seconds(10)
            await #expect(throws: HTTP1TransportError.timedOut) {
                _ = try await pool.execute(request, method: .GET, deadline: secondDeadline, maximumResponseBytes: 1024)
            }
            #expect(NIODeadline.now() >= secondDeadline, "the first request's timer ended the second one early")
            #expect(server.accepted == 1, "both requests went on the same connection")
            pool.shutdown()
        }
    }

    /// HTTP/1.1 carries one request per connection at a time: by default as many requests are in
    /// flight at once as the bot runs handlers (a few connections at a real round trip would hold
    /// a burst's callbacks past Discord's 3-second window).
    @Test func byDefaultManyRequestsAreInFlightAtOnceEachOnItsOwnConnection() async throws {
        try await withScriptedServer(.neverAnswer) { server in
            let client = DiscordRESTClient(
                token: .init(sandboxToken), baseURL: "http://127.0.0.1:\(server.port)/api/v10", clock: JumpingClock(),
                options: .init(requestTimeout: .seconds(3600)))
            let count = DiscordRESTClient.Options().maximumConnections
            #expect(count >= 64)
            await withTaskGroup(of: Void.self) { group in
                for i in 1...count {
                    group.addTask {
                        _ = try? await client.createInteractionResponse(
                            interactionID: InteractionID(UInt64(i)), token: "token-\(i)", response: .deferredUpdate)
                    }
                }
                await server.waitForRequests(count)
                #expect(server.accepted == count)
                #expect(client.openConnections == count)
                group.cancelAll()
            }
        }
    }

    @Test func cancellingARequestInFlightEndsItAtOnce() async throws {
        try await withScriptedServer(.neverAnswer) { server in
            let client = DiscordRESTClient(
                token: .init(sandboxToken), baseURL: "http://127.0.0.1:\(server.port)/api/v10", clock: JumpingClock(),
                options: .init(requestTimeout: .seconds(3600)))
            let request = Task { try await client.getCurrentUser() }
            await server.waitForRequests()
            request.cancel()
            let result = await request.result
            guard case .failure(let error) = result, case .cancelled? = error as? DiscordRESTError else {
                Issue.record("expected .cancelled, got \(result)")
                return
            }
            #expect(client.openConnections == 0)
        }
    }
}

// MARK: - A scripted HTTP server

/// A one-behaviour HTTP/1.1 server on 127.0.0.1 for transport tests: it records each request's
/// head and either answers `{"id":"1","username":"u"}` with `Connection: close` and closes, or
/// never answers.
final class ScriptedServer: Sendable {
    enum Behaviour: Sendable, Equatable {
        case answerThenClose
        case answerKeepingAlive
        case neverAnswer
        /// Answers the first request (keeping the connection open), then never answers again.
        case answerFirstOnly
    }

    let behaviour: Behaviour
    private let state = Mutex((accepted: 0, requests: [String](), waiters: [CheckedContinuation<Void, Never>]()))
    private let portBox = Mutex(0)

    init(_ behaviour: Behaviour) { self.behaviour = behaviour }

    var port: Int { portBox.withLock { $0 } }
    var accepted: Int { state.withLock { $0.accepted } }
    var requests: [String] { state.withLock { $0.requests } }

    fileprivate func setPort(_ port: Int) { portBox.withLock { $0 = port } }
    fileprivate func didAccept() { state.withLock { $0.accepted += 1 } }

    fileprivate func received(_ head: String) {
        let waiters = state.withLock { state in
            state.requests.append(head)
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `count` requests have arrived.
    func waitForRequests(_ count: Int = 1) async {
        while requests.count < count {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.requests.count >= count { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}

private final class ScriptedServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let server: ScriptedServer
    var received: [UInt8] = []

    init(server: ScriptedServer) { self.server = server }

    func channelActive(context: ChannelHandlerContext) {
        server.didAccept()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        guard let end = String(decoding: received, as: UTF8.self).range(of: "\r\n\r\n") else { return }
        let head = String(String(decoding: received, as: UTF8.self)[..<end.upperBound])
        received = []
        server.received(head)
        guard server.behaviour != .neverAnswer, server.behaviour != .answerFirstOnly || server.requests.count == 1 else { return }
        let close = server.behaviour == .answerThenClose
        let body = #"{"id":"1","username":"u"}"#
        let response =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + (close ? "Connection: close\r\n" : "") + "\r\n\(body)"
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in
            if close { loopBound.value.close(promise: nil) }
        }
    }
}

func withScriptedServer(_ behaviour: ScriptedServer.Behaviour, _ body: (ScriptedServer) async throws -> Void) async throws {
    let server = ScriptedServer(behaviour)
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ScriptedServerHandler(server: server))
            }
        }
        .bind(host: "127.0.0.1", port: 0)
        .get()
    server.setPort(channel.localAddress?.port ?? 0)
    do {
        try await body(server)
    } catch {
        try? await channel.close()
        throw error
    }
    try await channel.close()
}
