import AsyncHTTPClient
import NIOSSL

extension DiscordRESTClient {
    /// An `HTTPClient` that also trusts the given PEM roots (the sandbox's generated certificate).
    /// The caller owns it and must `shutdown()` it.
    public static func makeHTTPClient(trustRootsPEM: String? = nil) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let trustRootsPEM {
            let certificates = try NIOSSLCertificate.fromPEMBytes(Array(trustRootsPEM.utf8))
            tls.trustRoots = .certificates(certificates)
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
