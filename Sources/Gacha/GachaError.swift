import Storage

/// What a member can be told went wrong. Each case carries what the UI needs to say it helpfully.
public enum GachaError: Error, Hashable, Sendable {
    /// Not enough points: the UI shows the balance, the price and the ways to earn more.
    case insufficientPoints(InsufficientPoints)
    /// No roll left; the next one regenerates at `nextRollAt`.
    case noRollsLeft(nextRollAt: Timestamp)
    /// Already claimed today (UTC); the next claim opens at `nextClaimAt`.
    case dailyAlreadyClaimed(nextClaimAt: Timestamp)
    case unknownShopItem(String)
    /// The item exists but is not a multi-pull (or not a roll pack).
    case wrongItemKind(String)
    case pullNotFound(PullID)
    /// Someone other than the buyer pressed the pull's buttons.
    case notYourPull(PullID)
    /// The pull was already denied or expired (a repeated Apply of an applied pull returns its result instead).
    case pullAlreadyResolved(PullID, PullStatus)
    /// A character to keep that the pull did not reveal.
    case notInPull(characterID: String)
    /// A character to replace or release that the member does not own.
    case notOwned(characterID: String)
    /// Keeping the chosen characters would pass the inventory cap: name `needed` owned characters to
    /// replace (released for points). `owned` lists what the member owns, for the second checklist.
    case inventoryOverflow(needed: Int, owned: [OwnedCharacter])
    /// More characters named for replacement than the overflow requires.
    case tooManyReplacements(needed: Int, given: Int)
    /// The member already has a pull waiting for Apply or Deny (a double click on "Buy", or two
    /// buys at once): settle it first. Carries the open pull so the UI can point at it.
    case pullAlreadyOpen(PullID)
    /// The idempotency key was already used for a different operation.
    case idempotencyKeyReused(key: String, operation: String)
}

/// The details of a refused purchase.
public struct InsufficientPoints: Hashable, Sendable, Codable {
    public var balance: Int64
    public var price: Int64
    public var shortfall: Int64 { price - balance }
    /// Ways to earn the difference, most immediate first.
    public var waysToEarn: [EarningWay]
}

/// A way to earn points, for the "not enough points" message (no dead end).
public enum EarningWay: Hashable, Sendable, Codable {
    /// `/daily` can be claimed now for `points`.
    case dailyAvailable(points: Int64)
    /// `/daily` was claimed today; the next claim opens at `at`.
    case dailyLater(at: Timestamp)
    /// `/roll`: duplicates turn into points.
    case rollDuplicates
    /// Releasing owned characters (`owned` of them) turns them into points.
    case releaseCharacters(owned: Int)
}
