/// The rarity tiers of the catalogue, lowest first. The published odds of each tier live in the
/// Gacha module's `Rates`; here it is only the plain value records carry.
public enum Rarity: String, CaseIterable, Comparable, Hashable, Sendable, Codable {
    case common
    case rare
    case epic
    case legendary

    /// 0 for common up to 3 for legendary.
    public var rank: Int {
        switch self {
        case .common: 0
        case .rare: 1
        case .epic: 2
        case .legendary: 3
        }
    }

    public static func < (lhs: Rarity, rhs: Rarity) -> Bool { lhs.rank < rhs.rank }
}
