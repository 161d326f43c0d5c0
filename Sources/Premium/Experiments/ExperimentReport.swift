import Storage

/// `gachabot experiments report NAME`: per variant, the members exposed, those who completed a
/// Checkout (`conversion`), those who paid anything (a Checkout or a renewal with an amount above
/// 0), and the revenue of those payments, in integer minor units per currency, divided by the
/// exposed members (rounded down).
public struct ExperimentReport: Sendable, Hashable, CustomStringConvertible {
    public struct Row: Sendable, Hashable {
        public var variant: String
        public var exposures: Int
        public var checkouts: Int
        public var paidConversions: Int
        /// Revenue in minor units, by currency.
        public var revenue: [String: Int64]

        /// Revenue per exposed member in minor units (rounded down), by currency.
        public var revenuePerExposure: [String: Int64] {
            guard exposures > 0 else { return revenue.mapValues { _ in 0 } }
            return revenue.mapValues { $0 / Int64(exposures) }
        }
    }

    public var experiment: String
    public var rows: [Row]

    /// Counts from the experiment's assignments and its members' outcome events. A member counts
    /// once per row whatever the number of events; revenue sums every payment.
    public init(experiment: String, assignments: [ExperimentAssignment], outcomes: [AnalyticsEvent]) {
        self.experiment = experiment
        var variantOf: [MemberID: String] = [:]
        var rows: [String: Row] = [:]
        for assignment in assignments {
            variantOf[assignment.user] = assignment.variant
            rows[assignment.variant, default: Row(variant: assignment.variant, exposures: 0, checkouts: 0, paidConversions: 0, revenue: [:])]
                .exposures += 1
        }
        var checkedOut: Set<MemberID> = []
        var paid: Set<MemberID> = []
        for event in outcomes {
            let user = event.player.member
            guard let variant = variantOf[user] else { continue }
            let amount = event.properties["amount"].flatMap { Int64($0) } ?? 0
            if event.name == .conversion, checkedOut.insert(user).inserted { rows[variant]?.checkouts += 1 }
            guard amount > 0 else { continue }
            if paid.insert(user).inserted { rows[variant]?.paidConversions += 1 }
            rows[variant]?.revenue[event.properties["currency"] ?? "?", default: 0] += amount
        }
        self.rows = rows.values.sorted { $0.variant < $1.variant }
    }

    public var description: String {
        var lines = ["Experiment \(experiment)"]
        if rows.isEmpty { lines.append("  no exposures yet") }
        for row in rows {
            let revenue = row.revenue.isEmpty ? "0" : row.revenue.keys.sorted().map { "\(row.revenue[$0]!) \($0.uppercased())" }.joined(separator: ", ")
            let perExposure =
                row.revenue.isEmpty ? "0" : row.revenuePerExposure.keys.sorted().map { "\(row.revenuePerExposure[$0]!) \($0.uppercased())" }.joined(separator: ", ")
            lines.append(
                "  \(row.variant): exposures \(row.exposures), checkouts \(row.checkouts), paid conversions \(row.paidConversions), "
                    + "revenue \(revenue), revenue per exposed member \(perExposure)")
        }
        return lines.joined(separator: "\n")
    }
}
