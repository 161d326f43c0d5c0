import Clocks
import Foundation
import Premium
import Storage

/// One subscription's lifecycle as Stripe would deliver it, rendered with run-specific ids so
/// many runs share one store: every id carries `run<N>x`, which `normalize` strips.
struct StripeLifecycle {
    static let secret = StripeWebhookSecret("whsec_lifecycle_test_3fQ9")
    static let t0: Int64 = 1_760_000_000
    static let day: Int64 = 86_400
    static let guild: UInt64 = 4242
    static let grant: Int64 = 1_000

    let run: Int
    let deliveries: [StripeSignedDelivery]

    var marker: String { "run\(run)x" }
    var user: MemberID { MemberID(UInt64(5_000_000 + run)) }
    var player: PlayerID { PlayerID(guild: GuildID(Self.guild), member: user) }
    var subscriptionID: String { "sub_\(marker)" }

    func normalize(_ text: String) -> String { text.replacingOccurrences(of: marker, with: "") }

    static func sign(_ body: Data, at created: Int64) -> StripeSignedDelivery {
        StripeSignedDelivery(body: body, secret: secret, timestamp: created)
    }

    /// checkout completed → subscription created → invoice paid → updated → payment failed →
    /// updated past_due → invoice paid → deleted. The first update and the failed invoice are
    /// rendered in an API version from before 2025-03-31 (period and subscription at the top level).
    static func paid(run: Int) -> StripeLifecycle {
        let m = "run\(run)x"
        let user = UInt64(5_000_000 + run)
        let (customer, sub) = ("cus_\(m)", "sub_\(m)")
        let metadata = StripeEventBuilder.discordMetadata(user: user, guild: guild)
        let p1 = (t0, t0 + 30 * day)
        let p2 = (t0 + 30 * day, t0 + 60 * day)
        typealias B = StripeEventBuilder
        func subscription(_ status: String, _ period: (Int64, Int64), ended: Int64? = nil, api: String = B.currentAPIVersion) -> [String: Any] {
            B.subscription(
                id: sub, customer: customer, status: status, periodStart: period.0, periodEnd: period.1, metadata: metadata,
                created: t0, endedAt: ended, apiVersion: api)
        }
        let events: [(Data, Int64)] = [
            (B.event(id: "evt_\(m)_1", type: "checkout.session.completed", created: t0,
                     object: B.checkoutSession(id: "cs_\(m)", customer: customer, subscription: sub, user: user, guild: guild, amountTotal: 499)), t0),
            (B.event(id: "evt_\(m)_2", type: "customer.subscription.created", created: t0, object: subscription("active", p1)), t0),
            (B.event(id: "evt_\(m)_3", type: "invoice.paid", created: t0,
                     object: B.invoice(id: "in_\(m)_1", customer: customer, subscription: sub, metadata: metadata, amountPaid: 499, amountDue: 499,
                                       billingReason: "subscription_create", periodStart: p1.0, periodEnd: p1.1)), t0),
            (B.event(id: "evt_\(m)_4", type: "customer.subscription.updated", created: t0 + day, apiVersion: B.legacyAPIVersion,
                     object: subscription("active", p1, api: B.legacyAPIVersion), previousAttributes: ["cancel_at_period_end": true]), t0 + day),
            (B.event(id: "evt_\(m)_5", type: "invoice.payment_failed", created: t0 + 30 * day, apiVersion: B.legacyAPIVersion,
                     object: B.invoice(id: "in_\(m)_2", customer: customer, subscription: sub, metadata: metadata, amountPaid: 0, amountDue: 499,
                                       billingReason: "subscription_cycle", status: "open", periodStart: p2.0, periodEnd: p2.1,
                                       apiVersion: B.legacyAPIVersion)), t0 + 30 * day),
            (B.event(id: "evt_\(m)_6", type: "customer.subscription.updated", created: t0 + 30 * day,
                     object: subscription("past_due", p2), previousAttributes: ["status": "active"]), t0 + 30 * day),
            (B.event(id: "evt_\(m)_7", type: "invoice.paid", created: t0 + 32 * day,
                     object: B.invoice(id: "in_\(m)_2", customer: customer, subscription: sub, metadata: metadata, amountPaid: 499, amountDue: 499,
                                       billingReason: "subscription_cycle", periodStart: p2.0, periodEnd: p2.1, attemptCount: 2)), t0 + 32 * day),
            (B.event(id: "evt_\(m)_8", type: "customer.subscription.deleted", created: t0 + 40 * day,
                     object: subscription("canceled", p2, ended: t0 + 40 * day)), t0 + 40 * day),
        ]
        return StripeLifecycle(run: run, deliveries: events.map { sign($0.0, at: $0.1) })
    }

    /// A Stripe trial that converts: checkout (nothing to pay) → created trialing → $0 invoice →
    /// trial_will_end → updated active (was trialing) → the first paid invoice.
    static func trial(run: Int) -> StripeLifecycle {
        let m = "run\(run)x"
        let user = UInt64(5_000_000 + run)
        let (customer, sub) = ("cus_\(m)", "sub_\(m)")
        let metadata = StripeEventBuilder.discordMetadata(user: user, guild: guild)
        let trialEnd = t0 + 7 * day
        let paid = (trialEnd, trialEnd + 30 * day)
        typealias B = StripeEventBuilder
        func subscription(_ status: String, _ period: (Int64, Int64)) -> [String: Any] {
            B.subscription(
                id: sub, customer: customer, status: status, periodStart: period.0, periodEnd: period.1, metadata: metadata, created: t0,
                trialEnd: trialEnd)
        }
        let events: [(Data, Int64)] = [
            (B.event(id: "evt_\(m)_1", type: "checkout.session.completed", created: t0,
                     object: B.checkoutSession(id: "cs_\(m)", customer: customer, subscription: sub, user: user, guild: guild, amountTotal: 0,
                                               paymentStatus: "no_payment_required")), t0),
            (B.event(id: "evt_\(m)_2", type: "customer.subscription.created", created: t0, object: subscription("trialing", (t0, trialEnd))), t0),
            (B.event(id: "evt_\(m)_3", type: "invoice.paid", created: t0,
                     object: B.invoice(id: "in_\(m)_1", customer: customer, subscription: sub, metadata: metadata, amountPaid: 0, amountDue: 0,
                                       billingReason: "subscription_create", periodStart: t0, periodEnd: trialEnd)), t0),
            (B.event(id: "evt_\(m)_4", type: "customer.subscription.trial_will_end", created: trialEnd - 3 * day,
                     object: subscription("trialing", (t0, trialEnd))), trialEnd - 3 * day),
            (B.event(id: "evt_\(m)_5", type: "customer.subscription.updated", created: trialEnd,
                     object: subscription("active", paid), previousAttributes: ["status": "trialing"]), trialEnd),
            (B.event(id: "evt_\(m)_6", type: "invoice.paid", created: trialEnd,
                     object: B.invoice(id: "in_\(m)_2", customer: customer, subscription: sub, metadata: metadata, amountPaid: 499, amountDue: 499,
                                       billingReason: "subscription_cycle", periodStart: paid.0, periodEnd: paid.1)), trialEnd),
        ]
        return StripeLifecycle(run: run, deliveries: events.map { sign($0.0, at: $0.1) })
    }

    /// What a run ended with, with the run's ids stripped so runs compare.
    struct Outcome: Hashable, CustomStringConvertible {
        var entitlements: [EntitlementRecord]
        var ledger: [String]
        var balance: Int64
        var trial: TrialRecord?
        var analytics: [String]

        var description: String {
            "entitlements \(entitlements.map { "\($0.status.rawValue) \($0.periodEnd?.millisecondsSinceEpoch ?? 0) \($0.orderEventID)" }), "
                + "ledger \(ledger), balance \(balance), trial \(trial.map { "\($0.endsAt)" } ?? "none"), analytics \(analytics)"
        }
    }

    func outcome(_ store: any PremiumStore) async throws -> Outcome {
        let (user, player) = (self.user, self.player)
        let (entitlements, ledger, balance, trial, events) = try await store.readPremium { r in
            (
                try await r.entitlements(user: user), try await r.recentLedgerEntries(player, limit: 100), try await r.balance(player),
                try await r.trial(user: user), try await r.analyticsEvents(player: player, name: nil, limit: 100)
            )
        }
        return Outcome(
            entitlements: entitlements.map { e in
                var e = e
                e.sourceID = normalize(e.sourceID)
                e.orderEventID = normalize(e.orderEventID)
                e.customerID = e.customerID.map(normalize)
                e.user = MemberID(0)
                return e
            },
            ledger: ledger.map { "\($0.amount) \($0.reason) \(normalize($0.idempotencyKey))" }.sorted(),
            balance: balance,
            trial: trial.map { t in
                var t = t
                t.sourceID = normalize(t.sourceID)
                t.user = MemberID(0)
                return t
            },
            analytics: events.map { e in
                "\(e.name) \(e.properties["amount"] ?? "-") \(e.properties["currency"] ?? "-")"
            }.sorted())
    }
}

/// Deterministic shuffles and duplicates from a seed.
struct Shuffler {
    var random: SeededRandom

    mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        order.shuffle(using: &random)
        return order
    }

    /// Inserts `extra` repeated deliveries (of random indices) at random places.
    mutating func withDuplicates(_ order: [Int], extra: Int) -> [Int] {
        var out = order
        for _ in 0..<extra {
            let index = order[Int.random(in: 0..<order.count, using: &random)]
            out.insert(index, at: Int.random(in: 0...out.count, using: &random))
        }
        return out
    }
}

/// Every permutation of 0..<n, in lexicographic order.
func allPermutations(_ n: Int) -> [[Int]] {
    guard n > 0 else { return [[]] }
    var result: [[Int]] = []
    func build(_ prefix: [Int], _ rest: [Int]) {
        if rest.isEmpty { result.append(prefix); return }
        for (i, value) in rest.enumerated() {
            var remaining = rest
            remaining.remove(at: i)
            build(prefix + [value], remaining)
        }
    }
    build([], Array(0..<n))
    return result
}
