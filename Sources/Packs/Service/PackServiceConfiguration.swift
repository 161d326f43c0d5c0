/// The packs area's tunables; docs/packs.md lists the defaults and why.
public struct PackServiceConfiguration: Sendable, Hashable {
    /// Every import limit, including `maxCharactersPerPack` (200), which publishing enforces too.
    public var limits: PackLimits
    /// Open reports from distinct members that hide a published pack pending review.
    public var reportsToHide: Int
    /// `m` of the weighted rating: how many ratings of the mean a pack starts with.
    public var ratingPriorWeight: Double
    /// `C` of the weighted rating; nil for the mean of every rating of published packs as of the
    /// last score refresh (3 before the first, or while there is no rating).
    public var ratingPriorMean: Double?
    /// A review's length, in Unicode scalars.
    public var maxReviewCharacters: Int
    /// Entries per page of browse, search, a creator's packs and the operator's lists.
    public var pageSize: Int
    /// How many packs a free creator may have published at once; Pro creators have no cap
    /// (issue 17). The caller says which applies (`publish(…, cap:)`).
    public var freeCreatorPublishedPacks: Int = 3

    public init(
        limits: PackLimits = PackLimits(), reportsToHide: Int = 3, ratingPriorWeight: Double = 10,
        ratingPriorMean: Double? = nil, maxReviewCharacters: Int = 500, pageSize: Int = 10
    ) {
        self.limits = limits
        self.reportsToHide = max(1, reportsToHide)
        self.ratingPriorWeight = max(0, ratingPriorWeight)
        self.ratingPriorMean = ratingPriorMean
        self.maxReviewCharacters = maxReviewCharacters
        self.pageSize = max(1, pageSize)
    }

    /// `C` while no pack has a rating: the middle of the scale.
    public static let neutralMean = 3.0
}
