/// Where the HTTP server listens and how much it accepts. Loopback by default: a webhook receiver
/// is put behind a reverse proxy (TLS, a public name) by choice, never exposed by accident.
public struct WebServerConfiguration: Sendable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    /// Stripe's events are a few KiB; Discord's webhook events smaller still. 256 KiB leaves room
    /// for an expanded object without letting a stranger make the server buffer megabytes.
    public static let defaultMaximumBodyBytes = 256 * 1024

    public var host: String
    /// 0 picks a free port (tests); `WebServer.port()` tells which.
    public var port: Int
    public var maximumBodyBytes: Int

    public init(
        host: String = WebServerConfiguration.defaultHost, port: Int = WebServerConfiguration.defaultPort,
        maximumBodyBytes: Int = WebServerConfiguration.defaultMaximumBodyBytes
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
    }
}
