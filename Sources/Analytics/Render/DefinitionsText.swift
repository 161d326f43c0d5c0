/// The definitions in brief, for `/owner help` (under Discord's 2,000-character message limit);
/// docs/analytics.md has them in full.
public enum DefinitionsText {
    public static let help = """
        **How the numbers are counted** (UTC; a day is 86,400 s; weeks start Monday)
        **Funnel** by `first_seen` cohort: rolled = first roll within 30 days of first_seen; talked = first talk at or after the first roll, within the 30 days; trial = first trial start at or after the first talk, within them; paid = first conversion at or after the trial start, within them. Each step needs the previous one; shares are of new members.
        **Retention** D1/D7/D30: any activity (anything but first_seen) at or after first_seen + N days; only members whose first_seen + N days is not after the report's end count.
        **MRR**: monthly amount (yearly ÷ 12) of subscriptions active and not in trial, after discounts; one-time payments excluded. ARR = 12 × MRR. ARPU = MRR ÷ paying customers. Trial → paid: trials started in the period converting within 30 days. Churn: customers lost in the last 30 days ÷ customers 30 days ago. LTV = ARPU ÷ churn ("n/a" at 0).
        **Economy**: points minted by source and burned by sink per day, net; points spent ÷ active members; purchases by item; balance median and the top 1%'s share.
        **AI**: tokens per call (mean, p50, p95 interpolated), cost ÷ members who talked, cost against revenue per server.
        **Churn signals**: servers whose last-7-day active members fell ≥ 50% below their average week of the 28 days before (≥ 10 members); trials ending within 3 days without a payment method; Pro members inactive 14 days.
        """
}
