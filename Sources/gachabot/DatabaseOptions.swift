import ArgumentParser
import Foundation
import PostgresStorage
import Storage

/// `--database URL` and `--data DIR`, shared by the commands that open the store.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: """
            The database: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=disable|prefer|require] \
            (default: $GACHABOT_DATABASE_URL or sqlite:DATA/gachabot.sqlite).
            """)
    var database: String?

    @Option(help: "Data folder for the SQLite database and saved sessions (default: $GACHABOT_DATA or ./data).")
    var data: String?

    var dataDirectory: String { data ?? ProcessInfo.processInfo.environment["GACHABOT_DATA"] ?? "./data" }

    /// Where the store lives: the option, the environment, or SQLite in the data folder.
    func location() throws -> DatabaseLocation {
        let text = database ?? ProcessInfo.processInfo.environment["GACHABOT_DATABASE_URL"]
        guard let text, !text.isEmpty else { return .sqlite(path: dataDirectory + "/gachabot.sqlite") }
        return try DatabaseLocation(text)
    }
}

/// A database the bot can open, read from a URL.
enum DatabaseLocation: CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    init(_ text: String) throws {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreOpenError.invalidURL(reason: "sqlite: needs a file path, e.g. sqlite:./data/gachabot.sqlite") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(text))
        } else {
            throw StoreOpenError.invalidURL(reason: "it must start with sqlite: or postgres://")
        }
    }

    /// Safe to print: a PostgreSQL password is masked.
    var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url.description
        }
    }
}
