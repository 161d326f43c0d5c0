import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The websocket upgrade with NIO's handshake (`NIOTypedWebSocketClientUpgrader`: the request
/// key, the `Sec-WebSocket-Accept` check) and the gateway's own frame reading after it: the
/// upgraded pipeline gets NIO's `WebSocketFrameEncoder` for what the shard sends, and no frame
/// decoder, because `GatewayInboundHandler` reads the server's frames from the bytes itself
/// (see `WebSocketFrameParser` for why).
struct GatewayWebSocketUpgrader<UpgradeResult: Sendable>: NIOTypedHTTPClientProtocolUpgrader {
    private let handshake: NIOTypedWebSocketClientUpgrader<UpgradeResult>
    private let upgradePipelineHandler: @Sendable (any Channel) -> EventLoopFuture<UpgradeResult>

    /// `upgradePipelineHandler` adds the frame reader behind the encoder and returns the result.
    init(upgradePipelineHandler: @escaping @Sendable (any Channel) -> EventLoopFuture<UpgradeResult>) {
        // The handshake's own pipeline step is never used: `upgrade` below replaces it.
        handshake = NIOTypedWebSocketClientUpgrader { channel, _ in
            channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
        }
        self.upgradePipelineHandler = upgradePipelineHandler
    }

    var supportedProtocol: String { handshake.supportedProtocol }
    var requiredUpgradeHeaders: [String] { handshake.requiredUpgradeHeaders }

    func addCustom(upgradeRequestHeaders: inout HTTPHeaders) {
        handshake.addCustom(upgradeRequestHeaders: &upgradeRequestHeaders)
    }

    func shouldAllowUpgrade(upgradeResponse: HTTPResponseHead) -> Bool {
        handshake.shouldAllowUpgrade(upgradeResponse: upgradeResponse)
    }

    func upgrade(channel: any Channel, upgradeResponse: HTTPResponseHead) -> EventLoopFuture<UpgradeResult> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(WebSocketFrameEncoder())
        }.flatMap {
            upgradePipelineHandler(channel)
        }
    }
}
