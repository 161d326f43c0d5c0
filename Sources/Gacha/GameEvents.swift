import Storage

/// The analytics events of the core game. Each is appended in the same transaction as the change
/// it records; properties are small string maps.
extension EventName {
    public static let firstSeen: EventName = "first_seen"
    public static let roll: EventName = "roll"
    public static let pull5: EventName = "pull_5"
    public static let pull10: EventName = "pull_10"
    public static let pointsEarned: EventName = "points_earned"
    public static let pointsSpent: EventName = "points_spent"
    public static let shopPurchase: EventName = "shop_purchase"
    public static let characterKept: EventName = "character_kept"
    public static let characterReplaced: EventName = "character_replaced"
    public static let characterReleased: EventName = "character_released"
    public static let dailyClaimed: EventName = "daily_claimed"
    public static let pullApplied: EventName = "pull_applied"
    public static let pullDenied: EventName = "pull_denied"
    public static let pullExpired: EventName = "pull_expired"

    /// `pull_5`, `pull_10`, … for a pull of `size`.
    public static func pull(size: Int) -> EventName { EventName(rawValue: "pull_\(size)") }
}

/// Why points moved, as stored in the ledger.
extension LedgerReason {
    public static let daily: LedgerReason = "daily"
    public static let duplicate: LedgerReason = "duplicate"
    public static let pullConversion: LedgerReason = "pull_conversion"
    public static let release: LedgerReason = "release"
    public static let replace: LedgerReason = "replace"
    public static let shopPurchase: LedgerReason = "shop_purchase"
    /// A single roll that found the inventory full.
    public static let inventoryFull: LedgerReason = "inventory_full"
}
