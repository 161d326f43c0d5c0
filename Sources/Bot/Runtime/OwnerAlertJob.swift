import Analytics
import Logging
import OwnerAlerts
import Storage

/// Raises and delivers `/owner` alerts, every `interval` on the injected clock, until cancelled.
/// Each round is bounded: the rules read the read model's rollups for a 29-day window, and at most
/// `deliveriesPerRound` deliveries are attempted (failures wait for their backoff).
///
/// - A new Pro conversion (a subscription first paid today), payment failures over the threshold
///   (today's `payment_failed` events, at most `eventsPerRound` of today's events read), and AI
///   cost over the budget (today's `talk_cost` rollup) are judged on today's figures so far (they
///   only grow, so the first round past the line alerts).
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
        let limit = Self.eventsPerRound
        let (figures, activeByDay) = try await analytics.readAnalytics { reader in
            var figures = DayFigures()
            for row in try await reader.analyticsRollups(guild: nil, fromDay: today, toDay: today, metrics: [.talkCost]) {
                figures.costMicros[row.guild, default: 0] += row.value
            }
            // A conversion: a subscription whose first paid moment is today.
            for subscription in try await reader.analyticsSubscriptions(guild: nil) where subscription.paidFrom?.utcDay == today {
                figures.conversions[subscription.player.guild, default: 0] += 1
            }
            for event in try await reader.analyticsExportEvents(guild: nil, fromDay: today, toDay: today, limit: limit)
            where event.name.rawValue == "payment_failed" {
                figures.paymentFailures[event.player.guild, default: 0] += 1
            }
            var active: [Int64: [GuildID: Int64]] = [:]
            for day in (yesterday - window)...yesterday {
                active[day] = try await reader.analyticsActiveMembers(guild: nil, fromDay: day, toDay: day, talkedOnly: false)
            }
            return (figures, active)
        }
        for alert in Self.alerts(today: today, figures: figures, activeByDay: activeByDay, settings: settings) {
            try await service.raise(alert.kind, guild: alert.guild, day: alert.day, message: alert.message)
        }
    }

    /// At most this many of today's raw events are read per round to count payment failures.
    static let eventsPerRound = 50_000

    /// Today's figures per guild.
    struct DayFigures: Sendable, Equatable {
        var conversions: [GuildID: Int64] = [:]
        var paymentFailures: [GuildID: Int64] = [:]
        var costMicros: [GuildID: Int64] = [:]
    }

    struct Candidate: Equatable {
        let kind: AlertKind
        let guild: GuildID
        let day: Int64
        let message: String
    }

    /// The alerts the rules raise for these figures (pure, for tests).
    static func alerts(
        today: Int64, figures: DayFigures, activeByDay: [Int64: [GuildID: Int64]], settings: OwnerAlertSettings
    ) -> [Candidate] {
        let conversions = figures.conversions
        let failures = figures.paymentFailures
        let cost = figures.costMicros
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
