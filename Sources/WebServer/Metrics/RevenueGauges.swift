import CoreMetrics
import Logging
import ServiceLifecycle

/// The revenue gauges of `/metrics`, read from the store every `interval` by one task (a
/// ServiceLifecycle service beside the server): one read at a time, whatever the scrape rate, and
/// a bounded label set (the `maximumCurrencies` largest currencies, the rest summed as `other`).
///
/// Read periodically rather than updated as webhooks apply: a gauge kept by increments starts
/// from zero after every restart and drifts with each missed or replayed event, while a reading
/// of the ledger is right after one interval whatever happened before. The reading itself is a
/// closure (the executable reads the economy store), so this module knows no store.
public final class RevenueGauges: Service, Sendable {
    public static let payingProMembers = "gachabot_pro_paying_members"
    public static let trailingRevenue = "gachabot_revenue_trailing_30d_minor_units"
    public static let refreshFailuresTotal = "gachabot_revenue_refresh_failures_total"

    public static let help: [String: String] = [
        payingProMembers: "Members whose paid Pro (Stripe or Discord) covers now, read from the store every interval.",
        trailingRevenue:
            "Revenue booked over the last 30 days, in the currency's minor unit (cents), by currency; stands in for MRR with monthly plans.",
        refreshFailuresTotal: "Readings of the revenue gauges that failed (the gauges keep their last values).",
    ]

    /// What one reading found.
    public struct Reading: Sendable, Equatable {
        public var payingProMembers: Int
        public var revenueByCurrency: [String: Int64]
        public init(payingProMembers: Int, revenueByCurrency: [String: Int64]) {
            self.payingProMembers = payingProMembers
            self.revenueByCurrency = revenueByCurrency
        }
    }

    public static let maximumCurrencies = 8

    private let read: @Sendable () async throws -> Reading
    private let interval: Duration
    private let clock: any Clock<Duration>
    private let factory: any MetricsFactory
    private let logger: Logger
    private let members: CoreMetrics.Gauge
    private let failures: CoreMetrics.Counter

    public init(
        factory: any MetricsFactory, interval: Duration = .seconds(60), clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "gachabot.revenue"), read: @escaping @Sendable () async throws -> Reading
    ) {
        self.factory = factory
        self.interval = interval
        self.clock = clock
        self.logger = logger
        self.read = read
        members = CoreMetrics.Gauge(label: Self.payingProMembers, dimensions: [], factory: factory)
        failures = CoreMetrics.Counter(label: Self.refreshFailuresTotal, dimensions: [], factory: factory)
    }

    /// Reads now, then every `interval`, until cancelled or a graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.refresh()
                do {
                    try await self.clock.sleep(for: self.interval)
                } catch {
                    return
                }
            }
        }
    }

    /// One reading into the gauges. A currency that drops out keeps its last value until it
    /// comes back; a new one beyond the first `maximumCurrencies` joins `other`.
    public func refresh() async {
        do {
            let reading = try await read()
            members.record(reading.payingProMembers)
            let ranked = reading.revenueByCurrency.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            var other: Int64 = 0
            for (index, (currency, amount)) in ranked.enumerated() {
                if index < Self.maximumCurrencies, Self.isCurrencyCode(currency) {
                    CoreMetrics.Gauge(label: Self.trailingRevenue, dimensions: [("currency", currency)], factory: factory).record(amount)
                } else {
                    other += amount
                }
            }
            CoreMetrics.Gauge(label: Self.trailingRevenue, dimensions: [("currency", "other")], factory: factory).record(other)
        } catch {
            failures.increment()
            logger.warning("could not read the revenue gauges; they keep their last values: \(error)")
        }
    }

    /// Three lowercase ASCII letters (ISO 4217, as Stripe spells them); anything else is `other`.
    static func isCurrencyCode(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }
}
