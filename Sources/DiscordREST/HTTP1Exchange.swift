import NIOCore
import NIOHTTP1

/// A response as the transport received it: status, headers and the whole body.
struct HTTP1Response: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// The server keeps the connection open for another request.
    var keepAlive: Bool
}

/// Why an exchange failed below HTTP. Descriptions name no URL, header or body (no secret).
enum HTTP1TransportError: Error, CustomStringConvertible, Equatable {
    case connectionClosed
    case timedOut
    case cancelled
    case responseTooLarge(limit: Int)
    case busy
    case invalidRequest(String)
    case unsupportedURL(String)

    var description: String {
        switch self {
        case .connectionClosed: "the connection closed before the response was complete"
        case .timedOut: "the request timed out"
        case .cancelled: "the request was cancelled"
        case .responseTooLarge(let limit): "the response is larger than \(limit) bytes"
        case .busy: "the connection already has a request in flight"
        case .invalidRequest(let why): "invalid request: \(why)"
        case .unsupportedURL(let why): "unsupported base URL: \(why)"
        }
    }
}

/// One request/response at a time on a keep-alive HTTP/1.1 connection.
///
/// `HTTP1Connection` hands it an `Exchange` by calling `start` on the event loop (the request
/// already serialised in one buffer: head and body go out in a single write). Inbound:
/// `HTTPResponseDecoder`'s parts, collected into one `HTTP1Response` that resumes the exchange's
/// continuation. The deadline is armed and disarmed here, on the event loop, so a request costs
/// no extra thread hop for its timer.
///
/// The exchange is not written into the pipeline from its tail: that boxed it in a `NIOAny`,
/// cast it back here and completed an `EventLoopPromise` per request, together about 3% of the
/// bot's CPU per interaction. Called directly, the handler owns the exchange from the first
/// moment, so every way it can end (answer, error, close, timeout, cancellation, removal from the
/// pipeline) resumes its continuation exactly once.
final class HTTP1ExchangeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    struct Exchange: Sendable {
        /// Tells `cancel` which exchange it means: the connection may already carry a newer one.
        var id: UInt64
        var method: HTTPMethod
        /// Request line, headers and body, as they go on the wire.
        var request: ByteBuffer
        var deadline: NIODeadline
        var maximumResponseBytes: Int
        var continuation: UnsafeContinuation<HTTP1Response, any Error>
    }

    private struct InFlight {
        var id: UInt64
        var continuation: UnsafeContinuation<HTTP1Response, any Error>
        var maximumResponseBytes: Int
        var deadline: NIODeadline
        var head: HTTPResponseHead?
        var body: ByteBuffer?
    }

    /// Set while the handler is in the pipeline.
    private var context: ChannelHandlerContext?
    private var inFlight: InFlight?
    /// One timer per connection, not one per request: scheduling and cancelling a task for every
    /// request was ~3% of the bot's CPU per interaction. It is armed for the exchange in flight
    /// and left running when that exchange ends; when it fires it fails an exchange whose
    /// deadline has passed, re-arms for one whose deadline is later (a newer request), or stops
    /// when the connection is idle.
    private var timer: (task: Scheduled<Void>, deadline: NIODeadline)?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(HTTP1TransportError.connectionClosed, context: context)
        self.context = nil
    }

    /// Sends the exchange's request, or fails it at once when the connection is closed or busy.
    /// On the event loop.
    func start(_ exchange: Exchange) {
        guard let context, context.channel.isActive else {
            exchange.continuation.resume(throwing: HTTP1TransportError.connectionClosed)
            return
        }
        guard inFlight == nil else {
            exchange.continuation.resume(throwing: HTTP1TransportError.busy)
            return
        }
        inFlight = InFlight(
            id: exchange.id, continuation: exchange.continuation, maximumResponseBytes: exchange.maximumResponseBytes,
            deadline: exchange.deadline)
        armTimer(for: exchange.deadline, context: context)
        // The response decoder learns the method from the head (a HEAD answer has no body); the
        // bytes on the wire are the serialised request alone (see `SerialisedRequestWriter`).
        context.write(wrapOutboundOut(.head(Self.head(for: exchange.method))), promise: nil)
        // No promise for the write: a socket that fails a write is closed by NIO, and
        // `channelInactive` then fails the exchange.
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(exchange.request))), promise: nil)
    }

    /// Gives up on exchange `id` if it is still in flight (task cancellation). On the event loop.
    func cancel(_ id: UInt64) {
        guard let context, inFlight?.id == id else { return }
        fail(HTTP1TransportError.cancelled, context: context)
    }

    /// The head that tells the response decoder the method: made once per method, not per request.
    private static func head(for method: HTTPMethod) -> HTTPRequestHead {
        switch method {
        case .GET: getHead
        case .POST: postHead
        case .PATCH: patchHead
        case .PUT: putHead
        case .DELETE: deleteHead
        default: HTTPRequestHead(version: .http1_1, method: method, uri: "")
        }
    }
    private static let getHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: "")
    private static let postHead = HTTPRequestHead(version: .http1_1, method: .POST, uri: "")
    private static let patchHead = HTTPRequestHead(version: .http1_1, method: .PATCH, uri: "")
    private static let putHead = HTTPRequestHead(version: .http1_1, method: .PUT, uri: "")
    private static let deleteHead = HTTPRequestHead(version: .http1_1, method: .DELETE, uri: "")

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var current = inFlight else { return }  // nothing asked for: ignore
        inFlight = nil  // one owner of the body while it grows (no copy on write)
        switch unwrapInboundIn(data) {
        case .head(let head):
            current.head = head
            inFlight = current
        case .body(var buffer):
            if current.body == nil {
                current.body = buffer
            } else {
                current.body!.writeBuffer(&buffer)
            }
            let size = current.body!.readableBytes
            inFlight = current
            if size > current.maximumResponseBytes {
                fail(HTTP1TransportError.responseTooLarge(limit: current.maximumResponseBytes), context: context)
            }
        case .end:
            guard let head = current.head else {
                current.continuation.resume(throwing: HTTP1TransportError.connectionClosed)
                context.close(promise: nil)
                return
            }
            let keepAlive = head.isKeepAlive
            // Closed before the caller resumes: it must not reuse what the server closes.
            if !keepAlive { context.close(promise: nil) }
            current.continuation.resume(
                returning: HTTP1Response(
                    status: Int(head.status.code), headers: head.headers,
                    body: current.body ?? context.channel.allocator.buffer(capacity: 0), keepAlive: keepAlive))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTP1TransportError.connectionClosed, context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    /// Fails the exchange in flight (if any) and closes the connection: after an error its state
    /// is unknown, so it is never reused.
    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        timer?.task.cancel()
        timer = nil
        if let current = inFlight {
            inFlight = nil
            current.continuation.resume(throwing: error)
        }
        if context.channel.isActive { context.close(promise: nil) }
    }

    /// Makes sure the timer fires no later than `deadline`. An earlier timer is kept: when it
    /// fires it re-arms for the exchange then in flight.
    private func armTimer(for deadline: NIODeadline, context: ChannelHandlerContext) {
        if let timer, timer.deadline <= deadline { return }
        timer?.task.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let task = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.timerFired(context: context)
        }
        timer = (task, deadline)
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        guard let current = inFlight else { return }  // idle: the next request arms it again
        if current.deadline <= .now() {
            fail(HTTP1TransportError.timedOut, context: context)
        } else {
            armTimer(for: current.deadline, context: context)
        }
    }
}

/// Puts a serialised request on the wire: passes `.body` bytes on, drops `.head` (it only told
/// the response decoder the method; the bytes already hold the head) and `.end`.
final class SerialisedRequestWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = IOData

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .body(let bytes):
            context.write(wrapOutboundOut(bytes), promise: promise)
        case .head, .end:
            promise?.succeed()
        }
    }
}
