import Gacha
import Storage

extension GachaError: UserFacingError {
    public var userMessage: String {
        switch self {
        case .insufficientPoints(let details):
            var lines = [
                "You need **\(Format.points(details.price))** but have **\(Format.points(details.balance))** "
                    + "(\(Format.points(details.shortfall)) short). Ways to earn more:"
            ]
            for way in details.waysToEarn {
                switch way {
                case .dailyAvailable(let points): lines.append("• `/daily` is ready now: +\(Format.points(points))")
                case .dailyLater(let at): lines.append("• `/daily` again \(Format.relative(at))")
                case .rollDuplicates: lines.append("• `/roll`: duplicates turn into points")
                case .releaseCharacters(let owned): lines.append("• `/release` one of your \(owned) characters for points")
                }
            }
            return lines.joined(separator: "\n")
        case .noRollsLeft(let next):
            return "You have no rolls left. The next one arrives \(Format.relative(next)); `/shop` sells extra rolls."
        case .dailyAlreadyClaimed(let next):
            return "You already claimed today's points. Come back \(Format.relative(next))."
        case .unknownShopItem(let item), .wrongItemKind(let item):
            return "The shop has no item called `\(Format.plain(item))`. See `/shop`."
        case .pullNotFound:
            return "That pull no longer exists."
        case .notYourPull:
            return "This isn't yours: only the member who bought this pull can choose what to keep."
        case .pullAlreadyResolved(_, let status):
            return "This pull is already \(status.rawValue); its characters were settled."
        case .notInPull:
            return "That character was not in this pull."
        case .notOwned:
            return "You don't own that character (any more)."
        case .inventoryOverflow(let needed, _):
            return "Your inventory is full: choose \(needed) character(s) to replace."
        case .tooManyReplacements(let needed, let given):
            return "You chose \(given) characters to replace, but only \(needed) are needed. Unselect \(given - needed)."
        case .pullAlreadyOpen:
            return "You already have a pull waiting: press Apply or Deny on it first (a double click never buys twice)."
        case .idempotencyKeyReused:
            return "That request was already used for something else. Please run the command again."
        }
    }
}
