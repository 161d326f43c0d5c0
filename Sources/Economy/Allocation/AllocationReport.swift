import Foundation

/// What a month's allocation decided, stored with it as JSON so a rerun prints the same report.
public struct AllocationReport: Sendable, Equatable, Codable {
    /// How many draw rows (or member-days, for the cap) each guard removed.
    public struct Exclusions: Sendable, Equatable, Codable {
        public var notPro: Int64 = 0
        public var ownPacks: Int64 = 0
        public var youngAccounts: Int64 = 0
        /// Member-days scaled down to the daily cap.
        public var cappedDays: Int64 = 0
        public init() {}
    }

    public struct CreatorEngagement: Sendable, Equatable, Codable {
        public var creator: UInt64
        public var draws: Int64
        /// Thousandths of a unit.
        public var engagement: Int64
    }

    public struct CurrencyAllocation: Sendable, Equatable, Codable {
        public var currency: String
        public var revenue: Int64
        public var refunds: Int64
        public var net: Int64
        public var pool: Int64
        public var lines: [RevenueSplit.Line]
        /// The part of the pool no creator received (all of it when nobody engaged).
        public var unallocated: Int64
    }

    public var month: String
    public var creatorPoolBasisPoints: Int64
    public var platformFeeBasisPoints: Int64
    public var creators: [CreatorEngagement]
    public var currencies: [CurrencyAllocation]
    public var excluded: Exclusions

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ text: String, month: String) throws -> AllocationReport {
        do {
            return try JSONDecoder().decode(AllocationReport.self, from: Data(text.utf8))
        } catch {
            throw EconomyError.corruptAllocationReport(month: month)
        }
    }

    /// The operator's text: per currency, each creator's engagement, share, fee and credit.
    public func render() -> String {
        var lines = [
            "Allocation \(month): pool \(Self.percent(creatorPoolBasisPoints)) of net Pro revenue, platform fee \(Self.percent(platformFeeBasisPoints))",
            "Excluded draws: \(excluded.notPro) not Pro, \(excluded.ownPacks) own packs, \(excluded.youngAccounts) young accounts; "
                + "\(excluded.cappedDays) member-days capped",
        ]
        if currencies.isEmpty { lines.append("No Pro revenue booked in \(month): nothing to allocate.") }
        for c in currencies {
            let code = c.currency.uppercased()
            lines.append(
                "\(code): revenue \(Self.money(c.revenue)) − refunds \(Self.money(c.refunds)) = net \(Self.money(c.net)); "
                    + "pool \(Self.money(c.pool)); unallocated \(Self.money(c.unallocated))")
            if c.lines.isEmpty { lines.append("  no creator engagement: the pool stays with the platform") }
            for line in c.lines {
                lines.append(
                    "  creator \(line.creator): engagement \(Self.units(line.engagement)), share \(Self.money(line.share)), "
                        + "fee \(Self.money(line.fee)), credit \(Self.money(line.credit))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ basisPoints: Int64) -> String {
        basisPoints % 100 == 0 ? "\(basisPoints / 100)%" : "\(basisPoints / 100).\(String(format: "%02lld", basisPoints % 100))%"
    }

    /// Minor units as a decimal with two places (every Pro currency here has cents).
    public static func money(_ amount: Int64) -> String {
        let sign = amount < 0 ? "-" : ""
        let magnitude = amount.magnitude
        return "\(sign)\(magnitude / 100).\(String(format: "%02llu", magnitude % 100))"
    }

    static func units(_ thousandths: Int64) -> String {
        "\(thousandths / 1000).\(String(format: "%03lld", thousandths % 1000))"
    }
}
