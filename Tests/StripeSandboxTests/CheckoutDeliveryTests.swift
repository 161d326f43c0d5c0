import Clocks
import Foundation
import Premium
import StripeAPI
import StripeSandbox
import Testing
import WebServer

/// The loopback Stripe delivering a checkout's events to the real HTTP server.
@Suite struct CheckoutDeliveryTests {
    @Test func aCheckoutArrivesTwiceAndOutOfOrderAndEachEventAppliesOnce() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            let emitted = try rig.sandbox.completeCheckout(session.id)
            #expect(emitted.map(\.type) == ["customer.subscription.created", "invoice.paid", "checkout.session.completed"])
            let attempts = await rig.sandbox.deliverPending(
                to: rig.webhookURL, script: DeliveryScript(copies: 2, order: .shuffled(seed: 7)))
            #expect(attempts.count == 6)
            #expect(attempts.allSatisfy { $0.status == 200 })
            let arrivals = rig.processor.arrivals
            #expect(arrivals.map(\.id) == attempts.map(\.eventID))
            #expect(arrivals.map(\.id) != emitted.map(\.id) + emitted.map(\.id), "the shuffle kept the emitted order")
            #expect(Set(arrivals.filter { $0.outcome == .applied }.map(\.id)) == Set(emitted.map(\.id)))
            #expect(arrivals.filter { $0.outcome == .duplicate }.count == 3)
            // Each delivery's bytes are the event's, signed.
            for event in emitted { #expect(rig.processor.bodies[event.id] == Data(event.payload)) }
        }
    }

    @Test func reversedDeliveryPutsCompletionFirst() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            try rig.sandbox.completeCheckout(session.id)
            await rig.sandbox.deliverPending(to: rig.webhookURL, script: DeliveryScript(order: .reversed))
            #expect(rig.processor.arrivals.map(\.type) == ["checkout.session.completed", "invoice.paid", "customer.subscription.created"])
        }
    }

    @Test func eventsUseStripesShapes() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            let events = try rig.sandbox.completeCheckout(session.id)
            let bodies = Dictionary(uniqueKeysWithValues: events.map { ($0.type, Data($0.payload)) })
            let subscription = try #require(bodies["customer.subscription.created"])
            #expect(value(subscription, "object") as? String == "event")
            #expect(value(subscription, "api_version") as? String == "2025-03-31.basil")
            #expect(value(subscription, "data", "object", "object") as? String == "subscription")
            let periodEnd = try #require(value(subscription, "data", "object", "items", "data", "0", "current_period_end") as? Int)
            #expect(Int64(periodEnd) == rig.sandbox.now + 30 * 86_400)
            #expect(value(subscription, "data", "object", "current_period_end") == nil)
            #expect(value(subscription, "data", "object", "metadata", "discord_user_id") as? String == "80351110224678912")
            let invoice = try #require(bodies["invoice.paid"])
            #expect(value(invoice, "data", "object", "amount_paid") as? Int == 499)
            #expect(value(invoice, "data", "object", "billing_reason") as? String == "subscription_create")
            #expect(value(invoice, "data", "object", "parent", "subscription_details", "metadata", "price_variant") as? String == "B")
            let completed = try #require(bodies["checkout.session.completed"])
            #expect(value(completed, "data", "object", "client_reference_id") as? String == "80351110224678912")
            #expect(value(completed, "data", "object", "metadata", "discord_guild_id") as? String == "41771983423143937")
            #expect(value(completed, "data", "object", "status") as? String == "complete")
            #expect(value(completed, "data", "object", "subscription") as? String == rig.sandbox.subscriptionID(forCheckoutSession: session.id))
        }
    }

    @Test func aWrongSecretIsRefusedAndAppliesNothing() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            try rig.sandbox.completeCheckout(session.id)
            let attempts = await rig.sandbox.deliverPending(
                to: rig.webhookURL, script: DeliveryScript(wrongSecret: StripeWebhookSecret("whsec_someone_else")))
            #expect(attempts.map(\.status) == [400, 400, 400])
            #expect(rig.processor.arrivals.isEmpty)
        }
    }

    @Test func aFiveHundredIsRetriedOnTheSandboxClock() async throws {
        let clock = ManualClock()
        let processor = RecordingStripeProcessor(failFirst: ["invoice.paid": 1])
        try await withRig(clock: clock, processor: processor) { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            try rig.sandbox.completeCheckout(session.id)
            let delivery = Task {
                await rig.sandbox.deliverPending(
                    to: rig.webhookURL, script: DeliveryScript(retry: .init(maximumAttempts: 3, backoff: .seconds(60))))
            }
            await clock.waitForSleepers(1)
            #expect(rig.processor.arrivals.map(\.type) == ["customer.subscription.created"])
            #expect(clock.nextDeadline == clock.now.advanced(by: .seconds(60)))
            clock.advance(by: .seconds(60))
            let attempts = await delivery.value
            #expect(attempts.map(\.status) == [200, 500, 200, 200])
            #expect(attempts.map(\.attempt) == [1, 1, 2, 1])
            #expect(rig.processor.arrivals.map(\.type) == ["customer.subscription.created", "invoice.paid", "checkout.session.completed"])
        }
    }

    @Test func aDelayHoldsEachDeliveryUntilTheClockMoves() async throws {
        let clock = ManualClock()
        try await withRig(clock: clock) { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            try rig.sandbox.completeCheckout(session.id)
            let delivery = Task { await rig.sandbox.deliverPending(to: rig.webhookURL, script: DeliveryScript(delay: .seconds(30))) }
            for delivered in 0..<3 {
                await clock.waitForSleepers(1)
                #expect(rig.processor.arrivals.count == delivered)
                clock.advance(by: .seconds(30))
            }
            #expect(await delivery.value.count == 3)
            #expect(rig.processor.arrivals.count == 3)
        }
    }

    @Test func aPermutationDeliversExactlyTheIndexesGiven() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            let events = try rig.sandbox.completeCheckout(session.id)
            await rig.sandbox.deliverPending(to: rig.webhookURL, script: DeliveryScript(copies: 2, order: .permutation([5, 0, 2])))
            #expect(rig.processor.arrivals.map(\.id) == [events[2].id, events[0].id, events[2].id])
            #expect(rig.processor.arrivals.map(\.outcome) == [.applied, .applied, .duplicate])
        }
    }
}
