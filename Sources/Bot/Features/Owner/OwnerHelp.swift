import DiscordModels

/// `/owner help`: the definitions in short; docs/analytics.md has them in full.
enum OwnerHelp {
    static let docsURL = "https://github.com/gachabot/gachabot/blob/main/docs/analytics.md"

    static let fields: [(String, String)] = [
        ("Times", "All times are UTC; a day is 86,400 s. Periods are the last 7, 30 or 90 days (today included) or all time; weeks start on Monday."),
        ("Funnel", "Members by the day (or week) they were first seen: rolled, talked, started a trial, paid. Each step within 30 days of first seen, at or after the previous step, which it requires. Shares are of new members."),
        ("Retention", "D1/D7/D30: any activity at or after first seen + N days. Members whose day N is after the report's end are not counted."),
        ("Revenue", "MRR: monthly amount (yearly ÷ 12) of subscriptions active and not in trial, after discounts, before tax; one-time payments excluded. ARR = 12 × MRR. ARPU = MRR ÷ paying customers. Trial → paid: trials started in the period that converted within 30 days. Churn: customers lost in 30 days ÷ customers at the start. LTV = ARPU ÷ churn (n/a at 0)."),
        ("Economy", "Points minted by source and burned by sink, and the net; points spent per active member; shop purchases by item; the median balance and the share held by the top 1%."),
        ("AI", "Tokens per call (mean, p50, p95), cost per talking member, cost against revenue."),
        ("Churn", "Activity over the last 7 days down ≥ 50% against the average week of the 28 days before (≥ 10 members); trials ending within 3 days with no payment method; Pro members inactive for 14 days."),
        ("Insights", "Up to five notable changes found by fixed rules (retention, new members, first talks, shop items, AI cost, the talk step, MRR, ending trials), each with its numbers and a suggestion."),
        ("Export and alerts", "`/owner export` attaches CSV (up to 100,000 rows or 8 MiB). `/owner alerts webhook:` sends alerts (a new Pro member, activity below normal, payment failures, AI cost over budget) to a Discord webhook, at most one per kind a day."),
    ]

    static var embed: Embed {
        Embed(
            title: "/owner — what the numbers mean", description: "The exact definitions: [docs/analytics.md](\(docsURL)).",
            color: OwnerReportViews.color, fields: fields.map { Embed.Field(name: $0.0, value: $0.1) })
    }
}
