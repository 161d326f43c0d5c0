import CZlib
import CZstd
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Testing

/// A minimal websocket client for the sandbox's gateway, so these tests do not depend on the
/// DiscordGateway module they exist to serve. It decompresses zlib-stream and zstd-stream itself.
struct TestGatewayClient {
    enum Received: Sendable, Equatable {
        case payload(String)
        case close(UInt16?)
        case ended
    }

    private enum Upgrade: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused
    }

    struct NotUpgraded: Error {}

    /// Connects to `url` (ws:// or wss://) with `query` and runs `body` with a connected session.
    static func with<R: Sendable>(
        url: String, query: String = "v=10&encoding=json", trustPEM: String? = nil,
        _ body: (inout Session) async throws -> R
    ) async throws -> R {
        guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
            throw NotUpgraded()
        }
        var tlsContext: NIOSSLContext?
        if components.scheme == "wss" {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let trustPEM {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(trustPEM.utf8)))
            }
            tlsContext = try NIOSSLContext(configuration: configuration)
        }
        let tls = tlsContext
        let uri = "/?\(query)"
        let upgrade: EventLoopFuture<Upgrade> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(
                        maxFrameSize: 1 << 24,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                Upgrade.websocket(
                                    try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                            }
                        })
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(host):\(port)")
                    headers.add(name: "Content-Length", value: "0")
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: uri, headers: headers)
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.refused) })
                    // Hello can arrive in the same read as the 101: the bytes after the response
                    // must go on to the websocket decoder, not be dropped with the HTTP decoder.
                    var pipelineConfiguration = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                    pipelineConfiguration.leftOverBytesStrategy = .forwardBytes
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: pipelineConfiguration)
                }
            }
        guard case .websocket(let channel) = try await upgrade.get() else { throw NotUpgraded() }
        let compression = query.contains("compress=zlib-stream") ? "zlib" : query.contains("compress=zstd-stream") ? "zstd" : nil
        return try await channel.executeThenClose { inbound, outbound in
            var session = Session(iterator: inbound.makeAsyncIterator(), outbound: outbound, channel: channel.channel)
            if compression == "zlib" { session.inflater = ZlibInflater() }
            if compression == "zstd" { session.zstd = ZstdDecompressor() }
            return try await body(&session)
        }
    }

    struct Session {
        var iterator: NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
        let channel: any Channel
        var inflater: ZlibInflater?
        var zstd: ZstdDecompressor?
        /// Raw bytes of each binary frame received, before decompression.
        var rawBinaryFrames: [[UInt8]] = []
        var lastSequence: Int?

        mutating func send(_ text: String) async throws {
            try await outbound.write(
                WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text)))
        }

        mutating func sendClose(_ code: UInt16) async throws {
            var buffer = ByteBuffer()
            buffer.writeInteger(code)
            try await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: buffer))
        }

        mutating func receive() async throws -> Received {
            while let frame = try await iterator.next(isolation: #isolation) {
                switch frame.opcode {
                case .text:
                    let text = String(buffer: frame.unmaskedData)
                    noteSequence(text)
                    return .payload(text)
                case .binary:
                    var data = frame.unmaskedData
                    let bytes = data.readBytes(length: data.readableBytes) ?? []
                    rawBinaryFrames.append(bytes)
                    let plain: [UInt8]
                    if let inflater {
                        plain = try inflater.inflate(bytes)
                    } else if let zstd {
                        plain = try zstd.decompress(bytes)
                    } else {
                        plain = bytes
                    }
                    let text = String(decoding: plain, as: UTF8.self)
                    noteSequence(text)
                    return .payload(text)
                case .connectionClose:
                    var data = frame.unmaskedData
                    return .close(data.readInteger(as: UInt16.self))
                default:
                    continue
                }
            }
            return .ended
        }

        private mutating func noteSequence(_ text: String) {
            if let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let s = json["s"] as? Int {
                lastSequence = s
            }
        }

        /// The next payload as a dictionary; fails the test on a close.
        mutating func receiveJSON(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
            let received = try await receive()
            guard case .payload(let text) = received else {
                Issue.record("expected a payload, got \(received)", sourceLocation: sourceLocation)
                return [:]
            }
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            return try #require(object as? [String: Any], sourceLocation: sourceLocation)
        }

        /// Skips payloads until one with op `op` (and event `t`) arrives.
        mutating func receive(op: Int, event: String? = nil) async throws -> [String: Any] {
            while true {
                let received = try await receive()
                guard case .payload(let text) = received else {
                    Issue.record("expected op \(op) \(event ?? ""), got \(received)")
                    return [:]
                }
                let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                if object["op"] as? Int == op && (event == nil || object["t"] as? String == event) { return object }
            }
        }

        mutating func identify(token: String = "sandbox-token", shard: [Int] = [0, 1], intents: Int = 513) async throws {
            try await send(
                #"{"op":2,"d":{"token":"\#(token)","intents":\#(intents),"properties":{"os":"linux","browser":"test","device":"test"},"shard":[\#(shard[0]),\#(shard[1])]}}"#
            )
        }

        mutating func resume(token: String = "sandbox-token", sessionID: String, seq: Int) async throws {
            try await send(#"{"op":6,"d":{"token":"\#(token)","session_id":"\#(sessionID)","seq":\#(seq)}}"#)
        }

        mutating func heartbeat() async throws {
            try await send(#"{"op":1,"d":\#(lastSequence.map(String.init) ?? "null")}"#)
        }
    }
}

struct DecompressionError: Error {}

/// One inflate context per connection, as Discord's zlib-stream requires.
final class ZlibInflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        _ = inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func inflate(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.suffix(4) == [0, 0, 0xFF, 0xFF] else { throw DecompressionError() }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        try input.withUnsafeMutableBufferPointer { inBuffer in
            stream.pointee.next_in = inBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inBuffer.count)
            repeat {
                let produced = try chunk.withUnsafeMutableBufferPointer { out -> Int in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    let status = CZlib.inflate(stream, Z_SYNC_FLUSH)
                    guard status == Z_OK || status == Z_BUF_ERROR || status == Z_STREAM_END else { throw DecompressionError() }
                    return out.count - Int(stream.pointee.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0
        }
        return output
    }
}

/// One zstd decompression context per connection.
final class ZstdDecompressor {
    private let context: OpaquePointer

    init() {
        context = ZSTD_createDStream()
        _ = ZSTD_initDStream(context)
    }

    deinit { ZSTD_freeDStream(context) }

    func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        try bytes.withUnsafeBytes { inBuffer in
            var input = ZSTD_inBuffer(src: inBuffer.baseAddress, size: inBuffer.count, pos: 0)
            var full = false
            repeat {
                let produced = try chunk.withUnsafeMutableBytes { out -> Int in
                    var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                    let status = ZSTD_decompressStream(context, &buffer, &input)
                    guard ZSTD_isError(status) == 0 else { throw DecompressionError() }
                    full = buffer.pos == buffer.size
                    return buffer.pos
                }
                output.append(contentsOf: chunk[0..<produced])
            } while input.pos < input.size || full
        }
        return output
    }
}
