import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// Opens the gateway's websocket with swift-nio's own client pieces: TCP (`ClientBootstrap`),
/// TLS for `wss://` (`NIOSSLClientHandler`, with SNI), the HTTP/1.1 upgrade
/// (`GatewayWebSocketUpgrader`), then the frame encoder and `GatewayInboundHandler`, wrapped
/// in a `NIOAsyncChannel` for the shard's reading task.
enum GatewaySocket {
    struct Endpoint: Sendable, Equatable {
        var secure: Bool
        var host: String
        var port: Int
        /// Path and query, e.g. `/?v=10&encoding=json`.
        var target: String
        /// The `Host` header: the host, with the port when the URL names one.
        var hostHeader: String
    }

    struct InvalidURL: Error, CustomStringConvertible {
        var url: String
        var description: String { "not a ws:// or wss:// URL: \(url)" }
    }

    struct UpgradeRefused: Error, CustomStringConvertible {
        var description: String { "the server refused the websocket upgrade" }
    }

    /// Splits `ws[s]://host[:port][/path][?query]` (IPv6 hosts in brackets).
    static func endpoint(_ url: String) throws(InvalidURL) -> Endpoint {
        let secure: Bool
        let rest: Substring
        if url.hasPrefix("wss://") {
            secure = true
            rest = url.dropFirst(6)
        } else if url.hasPrefix("ws://") {
            secure = false
            rest = url.dropFirst(5)
        } else {
            throw InvalidURL(url: url)
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.first == "?" { target = "/" + target }
        var host: Substring
        var port: Int?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { throw InvalidURL(url: url) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.first == ":" {
                guard let value = Int(after.dropFirst()) else { throw InvalidURL(url: url) }
                port = value
            } else if !after.isEmpty {
                throw InvalidURL(url: url)
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]) else { throw InvalidURL(url: url) }
            port = value
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw InvalidURL(url: url) }
        let hostHeader = port.map { authority.first == "[" ? "[\(host)]:\($0)" : "\(host):\($0)" } ?? String(authority)
        return Endpoint(secure: secure, host: String(host), port: port ?? (secure ? 443 : 80), target: target, hostHeader: hostHeader)
    }

    private enum Upgrade: Sendable {
        case websocket(NIOAsyncChannel<GatewayInboundMessage, WebSocketFrame>)
        case refused
    }

    /// Connects and upgrades. `makeHandler` runs on the event loop once the upgrade succeeded.
    /// Cancelling the calling task closes the socket being opened.
    static func connect(
        url: String, tls: TLSConfiguration?, serverName: String?, connectTimeout: Duration?,
        eventLoop: any EventLoop, makeHandler: @escaping @Sendable () throws -> GatewayInboundHandler
    ) async throws -> NIOAsyncChannel<GatewayInboundMessage, WebSocketFrame> {
        let endpoint = try endpoint(url)
        let sslContext: NIOSSLContext?
        if endpoint.secure {
            sslContext = try NIOSSLContext(configuration: tls ?? .makeClientConfiguration())
        } else {
            sslContext = nil
        }
        let sniName = serverName ?? (isIPAddress(endpoint.host) ? nil : endpoint.host)
        let opened = Mutex<(any Channel)?>(nil)
        var bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        if let connectTimeout {
            bootstrap = bootstrap.connectTimeout(
                .nanoseconds(
                    Int64(connectTimeout.components.seconds) * 1_000_000_000
                        + connectTimeout.components.attoseconds / 1_000_000_000))
        }
        return try await withTaskCancellationHandler {
            let upgrade: EventLoopFuture<Upgrade> = try await bootstrap.connect(host: endpoint.host, port: endpoint.port) { channel in
                opened.withLock { $0 = channel }
                return channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: sniName)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    let upgrader = GatewayWebSocketUpgrader<Upgrade> { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(try makeHandler())
                            return Upgrade.websocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                        }
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: endpoint.hostHeader)
                    headers.add(name: "Origin", value: "\(endpoint.secure ? "https" : "http")://\(endpoint.host)")
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.target, headers: headers)
                    let upgradeConfiguration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.refused) })
                    var configuration = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: upgradeConfiguration)
                    // Bytes after the 101 response (Discord's Hello comes right behind it) go on to the websocket handlers.
                    configuration.leftOverBytesStrategy = .forwardBytes
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: configuration)
                }
            }
            let result: Upgrade
            do {
                try Task.checkCancellation()
                result = try await upgrade.get()
            } catch {
                try? await opened.withLock({ $0 })?.close()
                throw error
            }
            guard case .websocket(let channel) = result else {
                try? await opened.withLock({ $0 })?.close()
                throw UpgradeRefused()
            }
            return channel
        } onCancel: {
            opened.withLock { $0 }?.close(promise: nil)
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
