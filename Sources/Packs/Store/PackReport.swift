import Storage

/// Why a member reported a pack.
public enum ReportReason: String, Hashable, Sendable, Codable, CaseIterable {
    case spam, hateful, sexual, copyright, other

    public var displayName: String {
        switch self {
        case .spam: "spam"
        case .hateful: "hateful content"
        case .sexual: "sexual content"
        case .copyright: "copyright"
        case .other: "other"
        }
    }
}

/// One member's report of a pack. A member reports a pack at most once (the key decides), so
/// reports count distinct reporters. A review resolves every open report of the pack.
public struct PackReport: Hashable, Sendable, Codable {
    public var pack: PackID
    public var reporter: MemberID
    public var guild: GuildID
    public var reason: ReportReason
    public var at: Timestamp
    public var resolvedAt: Timestamp?

    public init(pack: PackID, reporter: MemberID, guild: GuildID, reason: ReportReason, at: Timestamp, resolvedAt: Timestamp? = nil) {
        self.pack = pack
        self.reporter = reporter
        self.guild = guild
        self.reason = reason
        self.at = at
        self.resolvedAt = resolvedAt
    }
}

/// A pack in the operator's queue: its open (unresolved) reports.
public struct ReportQueueEntry: Hashable, Sendable {
    public var pack: PackRecord
    public var openReports: Int
    public var reasons: [ReportReason: Int]
    public var firstReportedAt: Timestamp

    public init(pack: PackRecord, openReports: Int, reasons: [ReportReason: Int], firstReportedAt: Timestamp) {
        self.pack = pack
        self.openReports = openReports
        self.reasons = reasons
        self.firstReportedAt = firstReportedAt
    }
}

extension ReportQueueEntry {
    /// One pack's entry from its open reports (both databases build the queue the same way).
    public static func make(pack: PackRecord, reports: [PackReport]) -> ReportQueueEntry {
        ReportQueueEntry(
            pack: pack, openReports: reports.count, reasons: Dictionary(grouping: reports, by: \.reason).mapValues(\.count),
            firstReportedAt: reports.map(\.at).min() ?? pack.updatedAt)
    }

    /// The most reported first, then the longest waiting.
    public static func ordered(_ entries: [ReportQueueEntry]) -> [ReportQueueEntry] {
        entries.sorted {
            ($0.openReports, $1.firstReportedAt, $1.pack.id) > ($1.openReports, $0.firstReportedAt, $0.pack.id)
        }
    }
}
