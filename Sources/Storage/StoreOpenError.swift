/// Why a store could not be opened. Each message says what to do and never contains a password.
public enum StoreOpenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The database URL is not one the bot understands.
    case invalidURL(reason: String)
    /// The server or file cannot be reached or opened.
    case unreachable(database: String, reason: String)
    /// A newer Gachabot migrated this database: running an older binary on it could lose data.
    case schemaNewerThanBinary(database: String, unknownMigrations: [String])

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            "invalid database URL: \(reason). Use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE"
        case .unreachable(let database, let reason):
            "cannot open the database \(database): \(reason)"
        case .schemaNewerThanBinary(let database, let unknown):
            "the database \(database) was migrated by a newer Gachabot (unknown migrations: "
                + "\(unknown.joined(separator: ", "))); run that version or a later one"
        }
    }
}
