import AsyncHTTPClient
import NIOSSL
import Synchronization

extension DiscordRESTClient {
    /// An `HTTPClient` that also trusts the given PEM roots (the sandbox's generated certificate).
    /// The caller owns it and must `shutdown()` it.
    ///
    /// The REST client sends its requests on its own keep-alive connections (`HTTP1ConnectionPool`)
    /// on this client's event loops; the TLS configuration made here is remembered for it, as
    /// `HTTPClient` does not expose its own.
    public static func makeHTTPClient(trustRootsPEM: String? = nil) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let trustRootsPEM {
            let certificates = try NIOSSLCertificate.fromPEMBytes(Array(trustRootsPEM.utf8))
            tls.trustRoots = .certificates(certificates)
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.decompression = .disabled
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        TLSSettings.remember(tls, for: client)
        return client
    }
}

/// The TLS configuration each `HTTPClient` made by `makeHTTPClient` was given. Entries hold the
/// client weakly, so a new client at a freed address is never mistaken for an old one.
enum TLSSettings {
    private struct Entry {
        weak var client: HTTPClient?
        var tls: TLSConfiguration
    }

    private static let table = Mutex<[ObjectIdentifier: Entry]>([:])

    static func remember(_ tls: TLSConfiguration, for client: HTTPClient) {
        table.withLock { table in
            table = table.filter { $0.value.client != nil }
            table[ObjectIdentifier(client)] = Entry(client: client, tls: tls)
        }
    }

    /// The configuration `client` was made with; the system's trust roots for any other client.
    static func configuration(for client: HTTPClient) -> TLSConfiguration {
        table.withLock { table in
            guard let entry = table[ObjectIdentifier(client)], entry.client === client else { return nil }
            return entry.tls
        } ?? .makeClientConfiguration()
    }
}
