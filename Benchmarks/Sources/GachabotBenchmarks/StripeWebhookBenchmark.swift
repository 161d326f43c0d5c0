import AsyncHTTPClient
import Economy
import Foundation
import Gacha
import Logging
import NIOCore
import Premium
import ServiceLifecycle
import Synchronization
import WebServer

/// Signed Stripe webhook ingest: events posted at a fixed rate (open loop, so a slow server shows
/// as latency, not as a lower rate) to the real HTTP server on 127.0.0.1, each verified over its
/// raw body and handed to the event processor. Latency runs from when an event was due to when
/// its 200 arrived. The target: ≥ 2,000 events/s with p99 < 20 ms, store write included.
///
/// The processor is a closure: `inMemory` deduplicates `event.id` in memory (the HTTP path alone);
/// the integrator passes the premium store's processor to include its transaction.
enum StripeWebhookBenchmark {
    typealias Processor = @Sendable (Data) async throws -> WebhookOutcome

    struct Result: Encodable {
        var processor: String
        var offeredRate: Double
        var events: Int
        var warmupEvents: Int
        var completed: Int
        var failed: Int
        var processedOnce: Bool
        var eventsPerSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var targetEventsPerSecond = 2_000.0
        var targetP99Milliseconds = 20.0
    }

    static let secret = StripeWebhookSecret("whsec_benchmark_0f3c9a")

    /// Remembers every `event.id`: `applied` the first time, `duplicate` after.
    static func inMemory() -> (Processor, count: @Sendable () -> Int) {
        let seen = Mutex<Set<String>>([])
        struct Event: Decodable { var id: String }
        let processor: Processor = { body in
            let id = try JSONDecoder().decode(Event.self, from: body).id
            return seen.withLock { $0.insert(id).inserted } ? .applied : .duplicate
        }
        return (processor, { seen.withLock { $0.count } })
    }

    /// The premium area's processor on a real store, wired as `gachabot run|serve` wires it: each
    /// event's effects (the Pro entitlement's invoice, the monthly points grant on the ledger, the
    /// revenue in the money ledger, analytics) and its `event.id` in one transaction. Counts the
    /// events it applied.
    static func premiumStore(_ store: any PremiumStore) -> (Processor, count: @Sendable () -> Int) {
        let applied = Mutex(0)
        let time = GameTime.live()
        let premium = StripeWebhookProcessor(store: store, now: { time.now() }, money: EconomyRevenueRecorder())
        let processor: Processor = { body in
            switch try await premium.process(body) {
            case .applied:
                applied.withLock { $0 += 1 }
                return .applied
            case .duplicate: return .duplicate
            case .ignored: return .ignored
            }
        }
        return (processor, { applied.withLock { $0 } })
    }

    static func run(
        rate: Double, seconds: Double, warmup: Int, processorName: String, processor: @escaping Processor,
        processedCount: @escaping @Sendable () -> Int
    ) async throws -> Result {
        var logger = Logger(label: "bench.http")
        logger.logLevel = .error
        let server = WebServer(
            configuration: .init(port: 0), handlers: WebServerHandlers(stripeSecret: secret, stripeEvents: processor), logger: logger)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let group = ServiceGroup(services: [server], logger: logger)
        let result: Result = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard let port = await server.port() else { throw BenchmarkError.check("the HTTP server did not start") }
            let url = "http://127.0.0.1:\(port)/webhooks/stripe"
            let count = Int(rate * seconds)
            _ = try await post(events(warmup, prefix: "warm"), to: url, rate: rate, client: client)
            let (samples, failed, elapsed) = try await post(events(count, prefix: "run"), to: url, rate: rate, client: client)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            let latencies = Percentiles(samples.map(\.milliseconds))
            return Result(
                processor: processorName, offeredRate: rate, events: count, warmupEvents: warmup, completed: samples.count,
                failed: failed, processedOnce: processedCount() == warmup + count,
                eventsPerSecond: Double(samples.count) / max(elapsed, 1e-9), p50Milliseconds: latencies.p50,
                p99Milliseconds: latencies.p99, maxMilliseconds: latencies.max)
        }
        try await client.shutdown()
        return result
    }

    /// Distinct `invoice.paid` events shaped as Stripe sends them (about 1.5 KB each), signed.
    static func events(_ count: Int, prefix: String) -> [(body: [UInt8], signature: String)] {
        let now = Int64(Date().timeIntervalSince1970)
        return (0..<count).map { index in
            let body = Array(
                """
                {"id":"evt_\(prefix)_\(index)","object":"event","api_version":"2025-03-31.basil","created":\(now),\
                "data":{"object":{"id":"in_\(prefix)_\(index)","object":"invoice","amount_due":499,"amount_paid":499,\
                "amount_remaining":0,"billing_reason":"subscription_cycle","created":\(now),"currency":"usd",\
                "customer":"cus_\(index)","lines":{"object":"list","data":[{"id":"il_\(index)","object":"line_item",\
                "amount":499,"currency":"usd","period":{"end":\(now + 2_592_000),"start":\(now)},\
                "pricing":{"price_details":{"price":"price_pro_monthly"},"type":"price_details"}}],"has_more":false},\
                "livemode":false,"parent":{"type":"subscription_details","subscription_details":{"metadata":\
                {"discord_guild_id":"41771983423143937","discord_user_id":"\(80_351_110_224_678_912 + index)",\
                "price_variant":"A"},"subscription":"sub_\(index)"}},"period_end":\(now + 2_592_000),\
                "period_start":\(now),"status":"paid"}},"livemode":false,"pending_webhooks":1,\
                "request":{"id":null,"idempotency_key":null},"type":"invoice.paid"}
                """.utf8)
            return (body, StripeSignature.header(body: body, secret: secret, timestamp: now))
        }
    }

    static func post(
        _ events: [(body: [UInt8], signature: String)], to url: String, rate: Double, client: HTTPClient
    ) async throws -> ([Duration], Int, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        return try await withThrowingTaskGroup(of: (Duration, ContinuousClock.Instant)?.self) { group in
            for (index, event) in events.enumerated() {
                let due = start.advanced(by: .nanoseconds(Int64(Double(index) / rate * 1e9)))
                if due > clock.now { try await clock.sleep(until: due) }
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
                    request.headers.add(name: "Stripe-Signature", value: event.signature)
                    request.body = .bytes(ByteBuffer(bytes: event.body))
                    do {
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        let end = clock.now
                        return response.status.code == 200 ? (due.duration(to: end), end) : nil
                    } catch {
                        return nil
                    }
                }
            }
            var samples: [Duration] = []
            var failed = 0
            var last = start
            for try await sample in group {
                if let sample {
                    samples.append(sample.0)
                    last = max(last, sample.1)
                } else {
                    failed += 1
                }
            }
            return (samples, failed, start.duration(to: last).seconds)
        }
    }
}
