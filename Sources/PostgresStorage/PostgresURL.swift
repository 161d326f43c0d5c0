import Foundation
import NIOSSL
import PostgresNIO
import Storage

/// A `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…&pool_size=…` URL, read into the
/// driver's configuration. The password never appears in `description` or any error.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// `pool_size`: the most connections this process opens (default: the store's, 16). Every
    /// process counts against the server's `max_connections`.
    public var poolSize: Int?
    public static let poolSizes = 1...500

    /// libpq's names: `disable`, `prefer` (the default: TLS when the server offers it), `require`.
    public enum SSLMode: String, Sendable { case disable, prefer, require }

    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw StoreOpenError.invalidURL(reason: "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE") }
        guard let host = components.host, !host.isEmpty else {
            throw StoreOpenError.invalidURL(reason: "postgres URL without a host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreOpenError.invalidURL(reason: "postgres URL without a user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw StoreOpenError.invalidURL(reason: "postgres URL without a database name") }
        var sslMode = SSLMode.prefer
        var poolSize: Int?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw StoreOpenError.invalidURL(reason: "sslmode must be disable, prefer or require")
                }
                sslMode = mode
            case "pool_size":
                guard let size = item.value.flatMap({ Int($0) }), Self.poolSizes.contains(size) else {
                    throw StoreOpenError.invalidURL(
                        reason: "pool_size must be a whole number from \(Self.poolSizes.lowerBound) to \(Self.poolSizes.upperBound)")
                }
                poolSize = size
            default:
                throw StoreOpenError.invalidURL(reason: "unknown postgres URL parameter \(item.name)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = sslMode
        self.poolSize = poolSize
    }

    /// The URL with the password masked: safe for logs and messages.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// For one connection of its own (the reachability probe): TLS as the URL says.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch sslMode {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch sslMode {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        return PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
}
