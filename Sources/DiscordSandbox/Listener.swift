import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// A TCP listener on 127.0.0.1 (ephemeral port), optionally TLS, that speaks HTTP/1.1 and
/// upgrades websocket requests. The sandbox runs one for the gateway, one for the resume URL and
/// one for REST; each would serve either protocol, as the role only decides which URL is advertised.
struct Listener: Sendable {
    enum Accepted: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, uri: String)
        case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>)
    }

    let serverChannel: NIOAsyncChannel<EventLoopFuture<Accepted>, Never>
    let port: Int

    /// `answerImmediately` answers on the event loop the HTTP requests it can (see `RESTImmediateHandler`).
    static func bind(tls: NIOSSLContext?, answerImmediately: @escaping @Sendable (RESTRequest) -> RESTResponse?) async throws -> Listener {
        let serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    let upgrader = NIOTypedWebSocketServerUpgrader<Accepted>(
                        maxFrameSize: 1 << 20,
                        shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                        upgradePipelineHandler: { channel, head in
                            channel.eventLoop.makeCompletedFuture {
                                let ws = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel)
                                return Accepted.websocket(ws, uri: head.uri)
                            }
                        }
                    )
                    let configuration = NIOTypedHTTPServerUpgradeConfiguration<Accepted>(
                        upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(RESTImmediateHandler(answer: answerImmediately))
                                let http = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                                    wrappingChannelSynchronously: channel)
                                return Accepted.http(http)
                            }
                        }
                    )
                    var pipeline = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: configuration)
                    // Two of NIO's server helpers cost the sandbox a tenth of its time per callback
                    // in the interaction benchmark, and neither is needed here: the answers keep the
                    // requests' order without pipelining assistance (see `RESTImmediateHandler`),
                    // and the sandbox writes only headers of its own (no validation).
                    pipeline.enablePipelining = false
                    pipeline.enableResponseHeaderValidation = false
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: pipeline)
                }
            }
        guard let port = serverChannel.channel.localAddress?.port else {
            try? await serverChannel.channel.close()
            throw SandboxError.notStarted
        }
        return Listener(serverChannel: serverChannel, port: port)
    }

    /// Accepts connections until the listener is closed or the task cancelled; every connection
    /// is a child task of this call.
    func serve(
        gateway: @escaping @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, String) async -> Void,
        http: @escaping @Sendable (NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async -> Void
    ) async {
        await withDiscardingTaskGroup { group in
            do {
                try await serverChannel.executeThenClose { inbound in
                    for try await accepted in inbound {
                        group.addTask {
                            switch try? await accepted.get() {
                            case .websocket(let ws, let uri): await gateway(ws, uri)
                            case .http(let channel): await http(channel)
                            case nil: break
                            }
                        }
                    }
                }
            } catch {}
            group.cancelAll()
        }
    }

    func close() async {
        try? await serverChannel.channel.close()
    }
}
