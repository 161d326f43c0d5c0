import Analytics
import Logging
import OwnerAlerts
import Storage

/// Raises and delivers `/owner` alerts, every `interval` on the injected clock, until cancelled.
/// Each round is bounded: the rules read the read model's rollups for a 29-day window, and at most
/// `deliveriesPerRound` deliveries are attempted (failures wait for their backoff).
///
/// - A new Pro conversion, payment failures over the threshold, and AI cost over the budget are
///   judged on today's figures so far (they only grow, so the first round past the line alerts).
/// - Low activity is judged on yesterday, a complete day, against the 28 days before it.
/// The store's unique key keeps it to one alert per kind, guild and day whatever the rounds.
struct OwnerAlertJob: Sendable {
    let analytics: any AnalyticsStore
    let service: AlertService
    let sender: any AlertSender
    let settings: OwnerAlertSettings
    let clock: any Clock<Duration>
    let now: @Sendable () -> Timestamp
    let logger: Logger
    var deliveriesPerRound = 50

    /// The first round comes one interval after the start, when the shards are up.
    func run() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: settings.interval)
            } catch {
                return  // cancelled: the runtime is stopping
            }
            await round()
        }
    }

    /// One pass: raise what the rules find, then deliver what is due.
    func round() async {
        do {
            try await raise()
        } catch {
            logger.warning("could not evaluate the alert rules: \(error)")
        }
        do {
            let delivered = try await service.deliverDue(with: sender, limit: deliveriesPerRound)
            if delivered != .init() {
                logger.info(
                    "alerts delivered", metadata: ["delivered": "\(delivered.delivered)", "retrying": "\(delivered.retrying)", "abandoned": "\(delivered.abandoned)"])
            }
        } catch {
            logger.warning("could not deliver alerts: \(error)")
        }
    }

    func raise() async throws {
        let today = now().utcDay
        let yesterday = today - 1
        let window = Int64(AlertRules.activityWindowDays)
        let (rollups, activeByDay) = try await analytics.readAnalytics { reader in
            let rollups = try await reader.analyticsRollups(guild: nil, fromDay: today, toDay: today, metrics: [.events, .talkCost])
            var active: [Int64: [GuildID: Int64]] = [:]
            for day in (yesterday - window)...yesterday {
                active[day] = try await reader.analyticsActiveMembers(guild: nil, fromDay: day, toDay: day, talkedOnly: false)
            }
            return (rollups, active)
        }
        for alert in Self.alerts(today: today, rollups: rollups, activeByDay: activeByDay, settings: settings) {
            try await service.raise(alert.kind, guild: alert.guild, day: alert.day, message: alert.message)
        }
    }

    struct Candidate: Equatable {
        let kind: AlertKind
        let guild: GuildID
        let day: Int64
        let message: String
    }

    /// The alerts the rules raise for these figures (pure, for tests).
    static func alerts(
        today: Int64, rollups: [AnalyticsRollup], activeByDay: [Int64: [GuildID: Int64]], settings: OwnerAlertSettings
    ) -> [Candidate] {
        var conversions: [GuildID: Int64] = [:]
        var failures: [GuildID: Int64] = [:]
        var cost: [GuildID: Int64] = [:]
        for row in rollups where row.day == today {
            switch (row.metric, row.key) {
            case (.events, "conversion"): conversions[row.guild, default: 0] += row.value
            case (.events, "payment_failed"): failures[row.guild, default: 0] += row.value
            case (.talkCost, _): cost[row.guild, default: 0] += row.value
            default: break
            }
        }
        var found: [Candidate] = []
        for (guild, count) in conversions.sorted(by: { $0.key < $1.key }) where count > 0 {
            found.append(Candidate(kind: .proConversion, guild: guild, day: today, message: "🎉 A member became a Pro customer (\(count) today so far)."))
        }
        for (guild, count) in failures.sorted(by: { $0.key < $1.key })
        where AlertRules.paymentFailures(count: Int(count), threshold: settings.paymentFailureThreshold) {
            found.append(
                Candidate(
                    kind: .paymentFailures, guild: guild, day: today,
                    message: "⚠️ \(count) payment failures today, over the threshold of \(settings.paymentFailureThreshold)."))
        }
        for (guild, micros) in cost.sorted(by: { $0.key < $1.key }) where AlertRules.aiCost(microdollars: micros, budget: settings.aiCostBudgetMicros) {
            found.append(
                Candidate(
                    kind: .aiCost, guild: guild, day: today,
                    message: "💸 AI cost today is \(ReportFormat.micros(Double(micros))), over the daily budget of \(ReportFormat.micros(Double(settings.aiCostBudgetMicros ?? 0)))."))
        }
        let yesterday = today - 1
        let guilds = Set(activeByDay.values.flatMap(\.keys)).sorted()
        for guild in guilds {
            let history = ((yesterday - Int64(AlertRules.activityWindowDays))..<yesterday).map { Int(activeByDay[$0]?[guild] ?? 0) }
            // Days before the guild's first activity are not history: a new guild has none.
            let started = Array(history.drop { $0 == 0 })
            let count = Int(activeByDay[yesterday]?[guild] ?? 0)
            guard let low = AlertRules.lowActivity(today: count, previousDays: started) else { continue }
            found.append(
                Candidate(
                    kind: .lowActivity, guild: guild, day: yesterday,
                    message: "📉 \(count) active members on \(ReportFormat.date(day: yesterday)), below the usual "
                        + "\(ReportFormat.optional(low.mean)) (mean − 3σ of the previous \(started.count) days: \(ReportFormat.optional(low.bound)))."))
        }
        return found
    }
}
