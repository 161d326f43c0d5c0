/// What the buyer has ticked so far on an open pull's checklists. Kept in the store beside the
/// pull (not in process memory), so a restart or a second process shows the same choice, and
/// resolving or expiring the pull leaves nothing behind.
public struct PullChoices: Hashable, Sendable, Codable {
    /// Characters of the pull to keep; nil until the buyer changes the default (keep all).
    public var keep: [String]?
    /// Owned characters to release to make room, gathered across the replace checklist's pages.
    public var replace: [String]

    public init(keep: [String]? = nil, replace: [String] = []) {
        self.keep = keep
        self.replace = replace
    }

    public var isEmpty: Bool { keep == nil && replace.isEmpty }
}
