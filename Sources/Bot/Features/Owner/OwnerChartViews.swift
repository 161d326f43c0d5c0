import Analytics
import OwnerCharts

/// Each report as the chart `/owner` attaches: plain series handed to `OwnerCharts`.
enum OwnerChartViews {
    /// "12-03": short enough for 30 labels under an 800-pixel axis; the year is in the subtitle.
    static func shortDate(_ day: Int64) -> String { String(ReportFormat.date(day: day).dropFirst(5)) }

    static func funnel(_ report: FunnelReport, options: OwnerReportOptions) -> FunnelChart {
        let total = report.total
        return FunnelChart(
            title: "Funnel: new members → paid", subtitle: subtitle(report.header, options),
            steps: [
                FunnelStep(label: "new members", count: Int(total.newMembers)), FunnelStep(label: "rolled", count: Int(total.rolled)),
                FunnelStep(label: "talked", count: Int(total.talked)), FunnelStep(label: "trial", count: Int(total.trial)),
                FunnelStep(label: "paid", count: Int(total.paid)),
            ])
    }

    static func retention(_ report: RetentionReport, options: OwnerReportOptions) -> RetentionChart {
        let total = report.total
        return RetentionChart(
            title: "Retention of the period's new members", subtitle: subtitle(report.header, options),
            bars: [("D1", total.d1), ("D7", total.d7), ("D30", total.d30)].map { label, ratio in
                RetentionBar(label: label, retained: Int(ratio.numerator), eligible: Int(ratio.denominator))
            })
    }

    static func mrr(_ report: RevenueReport, options: OwnerReportOptions) -> LineChart {
        LineChart(
            title: "MRR", subtitle: subtitle(report.header, options),
            points: report.mrrSeries.map { LinePoint(label: shortDate($0.day), value: $0.mrr) }, format: .money(symbol: "$"))
    }

    static func economy(_ report: EconomyReport, options: OwnerReportOptions) -> DivergingChart {
        DivergingChart(
            title: "Points minted and burned", subtitle: subtitle(report.header, options),
            days: report.buckets.map { DivergingDay(label: shortDate($0.startDay), sources: $0.totalMinted, sinks: $0.totalBurned) })
    }

    static func subtitle(_ header: ReportHeader, _ options: OwnerReportOptions) -> String {
        let from = header.window.firstDay.map { ReportFormat.date(day: $0) } ?? "the start"
        return "\(from) to \(ReportFormat.date(day: header.window.lastDay)) (UTC), by \(options.granularity.rawValue)"
    }
}
