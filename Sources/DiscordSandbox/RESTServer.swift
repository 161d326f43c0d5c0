import Foundation
import NIOCore
import NIOHTTP1

/// A REST request as the routes see it.
struct RESTRequest: Sendable {
    var method: String
    var path: String
    var query: String?
    var headers: HTTPHeaders
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first(name: name) }

    init(head: HTTPRequestHead, body: [UInt8]) {
        method = head.method.rawValue
        // Split at the first "?" by bytes (a `Character` split walks grapheme clusters).
        let uri = head.uri
        if let mark = uri.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = mark == uri.startIndex ? "/" : String(uri[..<mark])
            let rest = uri[uri.utf8.index(after: mark)...]
            query = rest.isEmpty ? nil : String(rest)
        } else {
            path = uri.isEmpty ? "/" : uri
            query = nil
        }
        headers = head.headers
        self.body = body
    }
}

struct RESTResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders = [:]
    var body: [UInt8] = []
    /// Close the connection instead of sending this response (`RESTFault.answerLost`).
    var isLost = false

    static func json(_ status: Int, _ value: JSON) -> RESTResponse {
        RESTResponse(status: status, headers: ["Content-Type": "application/json"], body: value.serializedBytes)
    }

    static func noContent() -> RESTResponse { RESTResponse(status: 204) }

    /// Discord's error shape: `{"message": …, "code": …}` (+ `errors` for form errors).
    static func error(_ status: Int, code: Int, _ message: String, errors: JSON? = nil) -> RESTResponse {
        var object: [String: JSON] = ["message": .string(message), "code": .int(Int64(code))]
        if let errors { object["errors"] = errors }
        return .json(status, .object(object))
    }

    /// The response as HTTP/1.1 parts answering a request with `head`.
    func parts(answering head: HTTPRequestHead) -> [HTTPServerResponsePart] {
        var headers = self.headers
        headers.add(name: "Content-Length", value: String(body.count))
        if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
        var parts: [HTTPServerResponsePart] = [
            .head(HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers))
        ]
        if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        parts.append(.end(nil))
        return parts
    }
}

/// Answers on the event loop every request that nothing can delay (no fault is scripted): it
/// skips the trip to the connection's task and back. Requests that may wait are passed on whole
/// to `RESTConnection`, which answers them in order; while one of them is unanswered, later ones
/// (from a client that pipelines) are passed on too, so the answers keep the requests' order
/// without NIO's pipelining handler in front.
final class RESTImmediateHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let answer: @Sendable (RESTRequest) -> RESTResponse?
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// Requests passed on to `RESTConnection` whose answers have not been written yet.
    private var passedOn = 0

    init(answer: @escaping @Sendable (RESTRequest) -> RESTResponse?) {
        self.answer = answer
    }

    /// Only `RESTConnection`'s answers pass through here (this handler's own are written below it).
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), passedOn > 0 { passedOn -= 1 }
        context.write(data, promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body.removeAll(keepingCapacity: true)
        case .body(let buffer):
            guard body.count + buffer.readableBytes <= RESTConnection.maxBody else {
                context.close(promise: nil)
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let h = head else { return }
            head = nil
            if passedOn == 0, let response = answer(RESTRequest(head: h, body: body)) {
                let parts = response.parts(answering: h)
                for part in parts.dropLast() { context.write(wrapOutboundOut(part), promise: nil) }
                let last = wrapOutboundOut(parts[parts.count - 1])
                if h.isKeepAlive {
                    // No future to allocate when nothing waits for the write.
                    context.writeAndFlush(last, promise: nil)
                } else {
                    let channel = context.channel
                    context.writeAndFlush(last).whenComplete { _ in channel.close(promise: nil) }
                }
            } else {
                passedOn += 1
                context.fireChannelRead(wrapInboundOut(.head(h)))
                if !body.isEmpty { context.fireChannelRead(wrapInboundOut(.body(ByteBuffer(bytes: body)))) }
                context.fireChannelRead(wrapInboundOut(.end(nil)))
            }
        }
    }
}

/// Serves HTTP/1.1 requests on one connection, one at a time (keep-alive).
struct RESTConnection {
    let core: SandboxCore
    let channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    static let maxBody = 30 * 1024 * 1024

    func run() async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body.removeAll(keepingCapacity: true)
                    case .body(var buffer):
                        guard body.count + buffer.readableBytes <= Self.maxBody else { return }
                        body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
                    case .end:
                        guard let h = head else { continue }
                        let response = await core.handle(RESTRequest(head: h, body: body))
                        if response.isLost { return }
                        // One trip to the event loop and one flush for the whole response.
                        try await outbound.write(contentsOf: response.parts(answering: h))
                        if !h.isKeepAlive { return }
                        head = nil
                    }
                }
            }
        } catch {
            core.logger.debug("REST connection ended: \(error)")
        }
    }
}
