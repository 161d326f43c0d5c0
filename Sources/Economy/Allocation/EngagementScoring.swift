import Storage

/// Turns a month's raw draws into each creator's engagement, with the gaming guards applied in
/// this order (docs/economy.md, "Guards"):
/// 1. only paid Pro members count (the pool is Pro revenue);
/// 2. a creator's draws from their own packs do not count;
/// 3. a member whose Discord account was younger than `minimumAccountAgeDays` on the day of the
///    draw does not count (a snowflake carries its creation time);
/// 4. a member's weighted engagement on one UTC day is capped at `dailyEngagementCap`; a day over
///    the cap is scaled down, each creator keeping their proportion (floor, in thousandths).
///
/// Engagement is in thousandths of a unit so the cap's proportional split stays integer.
/// Talk turns with pack characters (`PackTalkRow`, `talkTurnWeight` units per turn) pass the same
/// guards and join the same member-day before the cap, so talking and rolling share one cap.
public enum EngagementScoring {
    public static let unitScale: Int64 = 1000

    public struct Result: Sendable, Equatable {
        /// Engagement per creator, in thousandths of a unit; creators with none are absent.
        public var engagement: [MemberID: Int64]
        /// Counted draws (rows that passed guards 1-3) per creator.
        public var draws: [MemberID: Int64]
        public var excluded: AllocationReport.Exclusions
        /// Counted talk turns (rows that passed guards 1-3) per creator.
        public var talkTurns: [MemberID: Int64] = [:]
    }

    /// The Discord epoch (2015-01-01) in milliseconds: a snowflake's top 42 bits count from it.
    static let discordEpoch: Int64 = 1_420_070_400_000

    /// When the Discord account with this id was created.
    public static func accountCreated(_ user: MemberID) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64(user.rawValue >> 22) + discordEpoch)
    }

    /// `talk` rows are counted once each in the exclusions, like draw rows.
    public static func score(
        _ rows: [PackEngagementRow], talk: [PackTalkRow] = [], proMembers: Set<MemberID>, configuration: EconomyConfiguration
    ) -> Result {
        var excluded = AllocationReport.Exclusions()
        var draws: [MemberID: Int64] = [:]
        var talkTurns: [MemberID: Int64] = [:]
        // (member, day) -> creator -> raw weighted units
        var days: [MemberDay: [MemberID: Int64]] = [:]
        let minimumAge = configuration.minimumAccountAgeDays * 86_400_000
        /// Guards 1-3 for one row; counts the exclusion when it fails.
        func counts(member: MemberID, creator: MemberID, day: Int64) -> Bool {
            guard proMembers.contains(member) else {
                excluded.notPro += 1
                return false
            }
            guard member != creator else {
                excluded.ownPacks += 1
                return false
            }
            let age = Timestamp.startOfUTCDay(day).millisecondsSinceEpoch - accountCreated(member).millisecondsSinceEpoch
            guard age >= minimumAge else {
                excluded.youngAccounts += 1
                return false
            }
            return true
        }
        for row in rows where counts(member: row.member, creator: row.creator, day: row.day) {
            draws[row.creator, default: 0] += 1
            days[MemberDay(member: row.member, day: row.day), default: [:]][row.creator, default: 0] += configuration.rollWeight
        }
        if configuration.talkTurnWeight > 0 {
            for row in talk where row.turns > 0 && counts(member: row.member, creator: row.creator, day: row.day) {
                talkTurns[row.creator, default: 0] += row.turns
                days[MemberDay(member: row.member, day: row.day), default: [:]][row.creator, default: 0] += row.turns * configuration.talkTurnWeight
            }
        }
        var engagement: [MemberID: Int64] = [:]
        let cap = configuration.dailyEngagementCap
        for (_, byCreator) in days {
            let total = byCreator.values.reduce(0, +)
            guard total > 0 else { continue }
            if total > cap { excluded.cappedDays += 1 }
            for (creator, units) in byCreator {
                let scaled = total <= cap ? units * unitScale : units * cap * unitScale / total
                if scaled > 0 { engagement[creator, default: 0] += scaled }
            }
        }
        return Result(engagement: engagement, draws: draws, excluded: excluded, talkTurns: talkTurns)
    }

    struct MemberDay: Hashable {
        let member: MemberID
        let day: Int64
    }
}
