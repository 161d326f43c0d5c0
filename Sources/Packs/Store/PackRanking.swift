import Storage

/// How browse orders packs. Each sort reads a score the store keeps precomputed on the pack (see
/// `PacksTransaction.refreshPackScores`), so a page is an index range scan at any catalogue size.
public enum PackSort: String, Hashable, Sendable, Codable, CaseIterable {
    /// IMDb's weighted rating WR = v/(v+m)·R + m/(v+m)·C (docs/packs.md).
    case topRated = "top_rated"
    /// Distinct members who rolled the pack in the last 7 days, each weighted by how recently
    /// (linear decay: today 7/7, six days ago 1/7).
    case trending
    /// Newest publication first.
    case new
    /// Distinct members who rolled the pack in the last 30 days.
    case mostUsed = "most_used"
}

/// The precomputed numbers of a pack.
public struct PackScores: Hashable, Sendable, Codable {
    public var ratingCount: Int
    public var ratingSum: Int
    /// The weighted rating; the prior mean C while there are no ratings.
    public var weightedRating: Double
    /// Sum over distinct recent rollers of (7 − days since their last roll).
    public var trending: Int
    /// Distinct members who rolled it in the last 30 days.
    public var usage: Int

    public init(ratingCount: Int = 0, ratingSum: Int = 0, weightedRating: Double = 0, trending: Int = 0, usage: Int = 0) {
        self.ratingCount = ratingCount
        self.ratingSum = ratingSum
        self.weightedRating = weightedRating
        self.trending = trending
        self.usage = usage
    }

    /// The plain mean of the stars, nil without ratings.
    public var meanStars: Double? { ratingCount == 0 ? nil : Double(ratingSum) / Double(ratingCount) }
}

/// A pack as a list shows it: the record, its scores and how many characters roll.
public struct PackSummary: Hashable, Sendable {
    public var pack: PackRecord
    public var scores: PackScores
    public var characterCount: Int

    public init(pack: PackRecord, scores: PackScores, characterCount: Int) {
        self.pack = pack
        self.scores = scores
        self.characterCount = characterCount
    }
}

/// The prior of the weighted rating: weight `m` (in ratings) and mean `C` (in stars).
public struct RatingPrior: Hashable, Sendable, Codable {
    public var weight: Double
    public var mean: Double

    public init(weight: Double, mean: Double) {
        self.weight = weight
        self.mean = mean
    }

    /// WR = v/(v+m)·R + m/(v+m)·C = (sum + m·C)/(v + m).
    public func weightedRating(count: Int, sum: Int) -> Double {
        let denominator = Double(count) + weight
        return denominator > 0 ? (Double(sum) + weight * mean) / denominator : mean
    }
}

/// What the leaderboard ranks creators by.
public enum LeaderboardOrder: String, Hashable, Sendable, Codable, CaseIterable {
    /// Distinct members who rolled their published packs in the last 30 days (summed over packs).
    case usage
    /// The weighted rating over all their published packs' ratings together (same prior).
    case rating
}

/// A creator's line on the leaderboard (published, non-hidden packs only).
public struct CreatorStanding: Hashable, Sendable {
    public var creator: MemberID
    public var packs: Int
    public var usage: Int
    public var ratingCount: Int
    public var ratingSum: Int
    public var weightedRating: Double

    public init(creator: MemberID, packs: Int, usage: Int, ratingCount: Int, ratingSum: Int, weightedRating: Double) {
        self.creator = creator
        self.packs = packs
        self.usage = usage
        self.ratingCount = ratingCount
        self.ratingSum = ratingSum
        self.weightedRating = weightedRating
    }
}

extension CreatorStanding {
    /// Highest first; ties go to the smaller creator id.
    public static func ordered(_ standings: [CreatorStanding], by order: LeaderboardOrder) -> [CreatorStanding] {
        standings.sorted { a, b in
            switch order {
            case .usage:
                if a.usage != b.usage { return a.usage > b.usage }
            case .rating:
                if a.weightedRating != b.weightedRating { return a.weightedRating > b.weightedRating }
            }
            return a.creator < b.creator
        }
    }
}
