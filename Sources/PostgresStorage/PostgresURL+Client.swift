import Logging
import PostgresNIO

extension PostgresURL {
    /// A connection pool of its own on this database, for modules that coordinate processes
    /// (`Cluster`) and must not queue behind the store's game transactions. The caller runs it
    /// (`client.run()`) for as long as it uses it.
    public func makeClient(maximumConnections: Int, logger: Logger) -> PostgresClient {
        var configuration = clientConfiguration
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        return PostgresClient(configuration: configuration, backgroundLogger: background)
    }
}
