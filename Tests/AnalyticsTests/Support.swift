import Analytics
import Storage

/// Small builders for hand-computed cases. Day 20_000 is 2024-10-04, a Friday; 20_003 a Monday.
enum T {
    static let day: Int64 = 86_400_000
    static let hour: Int64 = 3_600_000
    static let d0: Int64 = 20_000

    static func at(_ day: Int64, _ hours: Int64 = 0, ms: Int64 = 0) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: day * Self.day + hours * hour + ms)
    }

    static func p(_ member: UInt64, guild: UInt64 = 1) -> PlayerID { PlayerID(guild: GuildID(guild), member: MemberID(member)) }

    static func header(_ period: ReportPeriod = .all, _ granularity: Granularity = .day, now: Timestamp) -> ReportHeader {
        ReportHeader(guild: nil, period: period, granularity: granularity, window: period.window(now: now))
    }
}
