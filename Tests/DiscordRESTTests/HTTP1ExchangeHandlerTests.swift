import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DiscordREST

/// `HTTP1ExchangeHandler` driven directly, as `HTTP1Connection` drives it: every exchange ends
/// exactly once, and only its own cancellation ends it.
struct HTTP1ExchangeHandlerTests {
    private static func connectedChannel() async throws -> (EmbeddedChannel, HTTP1ExchangeHandler) {
        let channel = EmbeddedChannel()
        let handler = HTTP1ExchangeHandler()
        try channel.pipeline.syncOperations.addHandler(SerialisedRequestWriter())
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
        try channel.pipeline.syncOperations.addHandler(handler)
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        return (channel, handler)
    }

    private static func exchange(
        _ id: UInt64, _ continuation: UnsafeContinuation<HTTP1Response, any Error>
    ) -> HTTP1ExchangeHandler.Exchange {
        HTTP1ExchangeHandler.Exchange(
            id: id, method: .POST, request: ByteBuffer(string: "POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
            deadline: .now() + .hours(1), maximumResponseBytes: 1 << 20, continuation: continuation)
    }

    @Test func aLateCancellationLeavesTheNextExchangeOnTheConnectionAlone() async throws {
        let (channel, handler) = try await Self.connectedChannel()
        let first = try await withUnsafeThrowingContinuation { continuation in
            handler.start(Self.exchange(1, continuation))
            _ = try? channel.writeInbound(ByteBuffer(string: "HTTP/1.1 204 No Content\r\n\r\n"))
        }
        #expect(first.status == 204 && first.keepAlive)
        let request = try channel.readOutbound(as: ByteBuffer.self)
        #expect(request.map { String(buffer: $0) } == "POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n")

        let second = try await withUnsafeThrowingContinuation { continuation in
            handler.start(Self.exchange(2, continuation))
            handler.cancel(1)  // the first request's task, cancelled after its answer came
            _ = try? channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"))
        }
        #expect(second.status == 200 && String(buffer: second.body) == "{}")
        #expect(channel.isActive)

        await #expect(throws: HTTP1TransportError.cancelled) {
            _ = try await withUnsafeThrowingContinuation { continuation in
                handler.start(Self.exchange(3, continuation))
                handler.cancel(3)
            }
        }
        #expect(!channel.isActive, "a cancelled exchange leaves the connection in an unknown state: closed")
    }

    @Test func removalFromThePipelineEndsTheExchangeInFlightAndRefusesLaterOnes() async throws {
        let (channel, handler) = try await Self.connectedChannel()
        await #expect(throws: HTTP1TransportError.connectionClosed) {
            _ = try await withUnsafeThrowingContinuation { continuation in
                handler.start(Self.exchange(1, continuation))
                channel.pipeline.syncOperations.removeHandler(handler, promise: nil)
            }
        }
        await #expect(throws: HTTP1TransportError.connectionClosed) {
            _ = try await withUnsafeThrowingContinuation { continuation in handler.start(Self.exchange(2, continuation)) }
        }
    }
}
