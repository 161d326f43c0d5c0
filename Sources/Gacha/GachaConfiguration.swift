import Storage

/// Every number of the game in one place. `GachaConfiguration.standard` is what the bot ships.
public struct GachaConfiguration: Sendable {
    public var rates: Rates
    public var rolls: RollAllowanceRules
    public var daily: DailyRules
    public var conversion: ConversionValues
    public var shop: [ShopItem]
    /// The most characters a member may own in one server.
    public var inventoryCap: Int
    public var inventoryPageSize: Int
    /// How long a paid multi-pull waits for Apply or Deny (a Discord interaction token lives 15 min).
    public var pullLifetime: Duration
    /// How many ledger entries the points summary shows.
    public var recentEntries: Int

    public init(
        rates: Rates = .standard, rolls: RollAllowanceRules = .standard, daily: DailyRules = .standard,
        conversion: ConversionValues = .standard, shop: [ShopItem] = ShopItem.standard, inventoryCap: Int = 50,
        inventoryPageSize: Int = 10, pullLifetime: Duration = .seconds(15 * 60), recentEntries: Int = 10
    ) {
        self.rates = rates
        self.rolls = rolls
        self.daily = daily
        self.conversion = conversion
        self.shop = shop
        self.inventoryCap = inventoryCap
        self.inventoryPageSize = inventoryPageSize
        self.pullLifetime = pullLifetime
        self.recentEntries = recentEntries
    }

    public static let standard = GachaConfiguration()

    public func shopItem(_ id: String) -> ShopItem? { shop.first { $0.id == id } }
}

/// The regenerating roll allowance: up to `maxStored` rolls, one more every `regenInterval`.
/// A new member starts full.
public struct RollAllowanceRules: Sendable, Hashable {
    public var maxStored: Int
    public var regenInterval: Duration
    public init(maxStored: Int, regenInterval: Duration) {
        self.maxStored = maxStored
        self.regenInterval = regenInterval
    }
    /// 10 stored, +1 every 6 minutes (10 an hour).
    public static let standard = RollAllowanceRules(maxStored: 10, regenInterval: .seconds(6 * 60))
}

/// The daily reward: `base` points, plus `perStreakDay` for each consecutive day after the first,
/// the bonus capped at `maxStreakBonus`. Days are UTC; missing a day starts the streak again at 1.
public struct DailyRules: Sendable, Hashable {
    public var base: Int64
    public var perStreakDay: Int64
    public var maxStreakBonus: Int64
    public init(base: Int64, perStreakDay: Int64, maxStreakBonus: Int64) {
        self.base = base
        self.perStreakDay = perStreakDay
        self.maxStreakBonus = maxStreakBonus
    }
    /// 100 points, +20 per streak day, bonus capped at +200 (300 a day from an 11-day streak).
    public static let standard = DailyRules(base: 100, perStreakDay: 20, maxStreakBonus: 200)

    public func reward(streak: Int) -> Int64 {
        base + min(maxStreakBonus, perStreakDay * Int64(max(0, streak - 1)))
    }
}

/// Points a character is worth when it turns into points: a duplicate, a pull character not kept
/// (Deny, expiry, unticked), a character released or replaced.
public struct ConversionValues: Sendable, Hashable {
    public var values: [Rarity: Int64]
    public init(values: [Rarity: Int64]) { self.values = values }
    /// common 10, rare 30, epic 100, legendary 400.
    public static let standard = ConversionValues(values: [.common: 10, .rare: 30, .epic: 100, .legendary: 400])
    public func value(of rarity: Rarity) -> Int64 { values[rarity, default: 0] }
}

/// Something the shop sells.
public struct ShopItem: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: Sendable, Hashable, Codable {
        /// Adds bought rolls to the allowance.
        case extraRolls(Int)
        /// A multi-pull of this many distinct characters, with the keep/replace checklist.
        case pull(size: Int)
    }

    public var id: String
    public var name: String
    public var price: Int64
    public var emoji: String
    public var kind: Kind

    public init(id: String, name: String, price: Int64, emoji: String, kind: Kind) {
        self.id = id
        self.name = name
        self.price = price
        self.emoji = emoji
        self.kind = kind
    }

    public static let standard: [ShopItem] = [
        ShopItem(id: "extra_roll", name: "Extra Roll", price: 100, emoji: "🎲", kind: .extraRolls(1)),
        ShopItem(id: "pull_5", name: "Buy 5 Characters", price: 500, emoji: "5️⃣", kind: .pull(size: 5)),
        ShopItem(id: "pull_10", name: "Buy 10 Characters", price: 1000, emoji: "🔟", kind: .pull(size: 10)),
    ]
}
