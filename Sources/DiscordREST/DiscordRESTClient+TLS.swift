import NIOSSL

extension DiscordRESTClient {
    /// The TLS configuration for Discord's API, also trusting the given PEM roots (the sandbox's
    /// generated certificate). Pass it as the client's `tls`.
    public static func tlsConfiguration(trustRootsPEM: String? = nil) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let trustRootsPEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(trustRootsPEM.utf8)))
        }
        return tls
    }
}
