/// One change of a player's points. The balance is the sum of the entries; the store refuses an
/// entry that would take it below zero.
public struct LedgerEntry: Hashable, Sendable, Codable {
    /// Assigned by the store; `nil` before insertion.
    public var id: Int64?
    public var player: PlayerID
    /// Positive for earning, negative for spending; never zero.
    public var amount: Int64
    public var reason: LedgerReason
    /// Unique per player: the same key twice is refused by the store.
    public var idempotencyKey: String
    public var at: Timestamp
    /// The balance right after this entry; filled in by the store.
    public var balanceAfter: Int64?

    public init(
        id: Int64? = nil, player: PlayerID, amount: Int64, reason: LedgerReason, idempotencyKey: String,
        at: Timestamp, balanceAfter: Int64? = nil
    ) {
        self.id = id
        self.player = player
        self.amount = amount
        self.reason = reason
        self.idempotencyKey = idempotencyKey
        self.at = at
        self.balanceAfter = balanceAfter
    }
}

/// Why points moved. An open set: later modules (packs, premium) add their own reasons.
public struct LedgerReason: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// A player whose stored balance disagrees with their ledger, or is negative. The audit that finds
/// these must come back empty, always.
public struct LedgerDiscrepancy: Hashable, Sendable, Codable {
    public var player: PlayerID
    public var balance: Int64
    public var sumOfEntries: Int64
    public init(player: PlayerID, balance: Int64, sumOfEntries: Int64) {
        self.player = player
        self.balance = balance
        self.sumOfEntries = sumOfEntries
    }
}

extension LedgerEntry {
    /// The largest amount one entry may move. Far above any price or reward, and small enough that
    /// no sum of entries a store could hold overflows a signed 64-bit balance.
    public static let maximumMagnitude: Int64 = 1 << 52

    /// The checks every store makes before writing an entry: a non-zero amount within the bound,
    /// and a key. The database's own constraints back them up.
    public func validate() throws {
        guard amount != 0, amount.magnitude <= Self.maximumMagnitude.magnitude else {
            throw StoreError.constraintViolation("ledger amount \(amount) is zero or beyond ±\(Self.maximumMagnitude)")
        }
        guard !idempotencyKey.isEmpty, !reason.rawValue.isEmpty else {
            throw StoreError.constraintViolation("ledger entry without a key or reason")
        }
    }
}
