import ArgumentParser
import Foundation
import WebServer

/// `--port` and `--bind` for the HTTP server (health, readiness, metrics, webhooks).
struct HTTPOptions: ParsableArguments {
    @Option(help: "Port of the HTTP server: health, readiness, metrics, webhooks (default: $GACHABOT_HTTP_PORT or 8080).")
    var port: Int?

    @Option(
        help: """
            Address the HTTP server binds (default: $GACHABOT_HTTP_BIND or 127.0.0.1). Put a TLS reverse proxy in \
            front of it for Stripe and Discord; bind 0.0.0.0 only on purpose.
            """)
    var bind: String?

    func configuration(environment: [String: String]) throws -> WebServerConfiguration {
        var configuration = WebServerConfiguration()
        if let port {
            configuration.port = port
        } else if let text = environment["GACHABOT_HTTP_PORT"] {
            guard let value = Int(text) else { throw ValidationError("GACHABOT_HTTP_PORT must be a port number, 1-65535") }
            configuration.port = value
        }
        guard (1...65_535).contains(configuration.port) else { throw ValidationError("--port must be between 1 and 65535") }
        configuration.host = bind ?? environment["GACHABOT_HTTP_BIND"] ?? WebServerConfiguration.defaultHost
        guard !configuration.host.isEmpty else { throw ValidationError("--bind needs an address, e.g. 127.0.0.1") }
        return configuration
    }
}
