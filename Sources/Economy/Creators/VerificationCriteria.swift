import Storage

/// What `/creator apply` asks of a creator before they join the verification queue
/// (docs/economy.md, "Verified creators"). Configuration, not constants: the operator may tighten
/// or relax them without a release.
public struct VerificationCriteria: Sendable, Hashable {
    /// Published packs right now.
    public var minimumPublishedPacks: Int
    /// The plain mean of every rating of their published packs.
    public var minimumMeanRating: Double
    /// Distinct members who rated any of their published packs.
    public var minimumDistinctRaters: Int
    /// An upheld report inside this many days (an operator hid or removed one of their packs, or
    /// banned them) keeps a creator out of the queue.
    public var upheldReportWindowDays: Int64

    public init(minimumPublishedPacks: Int = 2, minimumMeanRating: Double = 4.0, minimumDistinctRaters: Int = 20, upheldReportWindowDays: Int64 = 90) {
        self.minimumPublishedPacks = minimumPublishedPacks
        self.minimumMeanRating = minimumMeanRating
        self.minimumDistinctRaters = minimumDistinctRaters
        self.upheldReportWindowDays = upheldReportWindowDays
    }

    /// Each criterion with the creator's current value, in the order the reply lists them.
    public func check(_ facts: CreatorVerificationFacts) -> [VerificationCheck] {
        let mean = facts.meanRating
        return [
            VerificationCheck(
                criterion: "published packs", required: "at least \(minimumPublishedPacks)", current: String(facts.publishedPacks),
                met: facts.publishedPacks >= minimumPublishedPacks),
            VerificationCheck(
                criterion: "mean rating", required: "at least \(Self.stars(minimumMeanRating))", current: mean.map(Self.stars) ?? "no ratings",
                met: (mean ?? 0) >= minimumMeanRating && facts.ratingCount > 0),
            VerificationCheck(
                criterion: "distinct raters", required: "at least \(minimumDistinctRaters)", current: String(facts.distinctRaters),
                met: facts.distinctRaters >= minimumDistinctRaters),
            VerificationCheck(
                criterion: "upheld reports in the last \(upheldReportWindowDays) days", required: "none", current: String(facts.upheldReports),
                met: facts.upheldReports == 0),
        ]
    }

    static func stars(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// What the criteria look at, read in one snapshot of the packs area's tables.
public struct CreatorVerificationFacts: Sendable, Hashable {
    public var publishedPacks: Int
    /// Every rating of their published packs.
    public var ratingCount: Int
    public var ratingSum: Int
    public var distinctRaters: Int
    public var upheldReports: Int

    public init(publishedPacks: Int, ratingCount: Int, ratingSum: Int, distinctRaters: Int, upheldReports: Int) {
        self.publishedPacks = publishedPacks
        self.ratingCount = ratingCount
        self.ratingSum = ratingSum
        self.distinctRaters = distinctRaters
        self.upheldReports = upheldReports
    }

    public var meanRating: Double? { ratingCount == 0 ? nil : Double(ratingSum) / Double(ratingCount) }
}

/// One criterion as the reply shows it.
public struct VerificationCheck: Sendable, Hashable {
    public var criterion: String
    public var required: String
    public var current: String
    public var met: Bool
}

/// A creator waiting for the operator's `gachabot creators verify`.
public struct VerificationQueueEntry: Sendable, Hashable {
    public var creator: MemberID
    public var appliedAt: Timestamp

    public init(creator: MemberID, appliedAt: Timestamp) {
        self.creator = creator
        self.appliedAt = appliedAt
    }
}
