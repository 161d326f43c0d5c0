import Foundation
import GRDB
import Storage

/// The store primitives of every area on one SQLite connection, inside a transaction the store
/// opened. One type for all areas, so a cross-area operation is one transaction; each area's
/// primitives live in its own folder (`Kernel/`, `Gacha/`).
///
/// Fixed statements are `cachedStatement`s: compiled once per connection, not on every call
/// (preparing them, with GRDB's authorizer callback, was 7% of a gacha end-to-end run).
public struct SQLiteTransaction: Sendable {
    let connection: any DatabaseWriter

    /// Runs `body` on this transaction's connection. GRDB runs it right on the calling thread: the
    /// store hands the connection to one body at a time, so its queue is always free.
    func run<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try connection.writeWithoutTransaction(body)
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// Maps database failures onto the store contract's errors.
    static func translate(_ error: DatabaseError) -> any Error {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StoreError.duplicate(what: Self.table(in: error.message) ?? "row", key: error.message ?? "")
        case .SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_FOREIGNKEY, .SQLITE_CONSTRAINT_NOTNULL:
            return StoreError.constraintViolation(error.message ?? "\(error)")
        default:
            return error
        }
    }

    /// "UNIQUE constraint failed: ledger.guild_id, …" names the table first.
    private static func table(in message: String?) -> String? {
        guard let message, let colon = message.firstIndex(of: ":") else { return nil }
        let columns = message[message.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return columns.split(separator: ".").first.map(String.init)
    }

    // MARK: Mapping shared by the areas

    /// Discord ids are unsigned 64-bit; SQLite integers are signed 64-bit. The bit pattern is kept.
    static func key(_ player: PlayerID) -> StatementArguments {
        [Int64(bitPattern: player.guild.rawValue), Int64(bitPattern: player.member.rawValue)]
    }

    static func player(_ row: Row) -> PlayerID {
        let guild: Int64 = row["guild_id"]
        let member: Int64 = row["member_id"]
        return PlayerID(guild: GuildID(UInt64(bitPattern: guild)), member: MemberID(UInt64(bitPattern: member)))
    }
}
