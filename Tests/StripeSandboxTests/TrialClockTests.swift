import Foundation
import StripeAPI
import StripeSandbox
import Testing

/// The sandbox's test clock plays a trial's life and emits Stripe's lifecycle events.
@Suite struct TrialClockTests {
    static let day: Int64 = 86_400

    @Test func aTrialWithACardWarnsThreeDaysAheadThenBecomesPaid() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(trial: .init(days: 7)), idempotencyKey: nil)
            let started = try rig.sandbox.completeCheckout(session.id, paymentMethod: true)
            let subscription = try #require(value(Data(started[0].payload), "data", "object") as? [String: Any])
            #expect(subscription["status"] as? String == "trialing")
            #expect(value(Data(started[1].payload), "data", "object", "amount_paid") as? Int == 0)
            #expect(rig.sandbox.advanceClock(by: 3 * Self.day).isEmpty)
            #expect(rig.sandbox.advanceClock(by: 1 * Self.day).map(\.type) == ["customer.subscription.trial_will_end"])
            let end = rig.sandbox.advanceClock(by: 3 * Self.day)
            #expect(end.map(\.type) == ["customer.subscription.updated", "invoice.paid"])
            #expect(value(Data(end[0].payload), "data", "object", "status") as? String == "active")
            #expect(value(Data(end[0].payload), "data", "previous_attributes", "status") as? String == "trialing")
            #expect(value(Data(end[1].payload), "data", "object", "amount_paid") as? Int == 499)
            #expect(value(Data(end[1].payload), "data", "object", "billing_reason") as? String == "subscription_cycle")
            let id = try #require(rig.sandbox.subscriptionID(forCheckoutSession: session.id))
            let fetched = try await rig.client.retrieveSubscription(id)
            #expect(fetched.status == "active")
            #expect(fetched.periodEnd == rig.sandbox.now + 30 * Self.day)
            let attempts = await rig.sandbox.deliverPending(to: rig.webhookURL)
            #expect(attempts.map(\.type) == [
                "customer.subscription.created", "invoice.paid", "checkout.session.completed",
                "customer.subscription.trial_will_end", "customer.subscription.updated", "invoice.paid",
            ])
            #expect(attempts.allSatisfy { $0.status == 200 })
        }
    }

    @Test(arguments: [
        (ProCheckout.TrialEndBehavior.cancel, ["customer.subscription.deleted"], "canceled"),
        (.pause, ["customer.subscription.updated", "customer.subscription.paused"], "paused"),
        (.createInvoice, ["customer.subscription.updated", "invoice.payment_failed"], "past_due"),
    ])
    func aTrialWithoutACardFollowsItsEndBehaviour(_ behavior: ProCheckout.TrialEndBehavior, _ types: [String], _ status: String) async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(trial: .init(days: 7, endBehavior: behavior)), idempotencyKey: nil)
            try rig.sandbox.completeCheckout(session.id, paymentMethod: false)
            let events = rig.sandbox.advanceClock(by: 7 * Self.day)
            #expect(events.map(\.type) == ["customer.subscription.trial_will_end"] + types)
            let id = try #require(rig.sandbox.subscriptionID(forCheckoutSession: session.id))
            #expect(try await rig.client.retrieveSubscription(id).status == status)
        }
    }

    @Test func aCancellationAtPeriodEndEndsTheSubscriptionWhenThePeriodDoes() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            try rig.sandbox.completeCheckout(session.id)
            let id = try #require(rig.sandbox.subscriptionID(forCheckoutSession: session.id))
            let update = try rig.sandbox.cancelAtPeriodEnd(id)
            #expect(value(Data(update.payload), "data", "object", "cancel_at_period_end") as? Bool == true)
            #expect(value(Data(update.payload), "data", "previous_attributes", "cancel_at_period_end") as? Bool == false)
            #expect(rig.sandbox.advanceClock(by: 29 * Self.day).isEmpty)
            #expect(rig.sandbox.advanceClock(by: 1 * Self.day).map(\.type) == ["customer.subscription.deleted"])
            #expect(try await rig.client.retrieveSubscription(id).status == "canceled")
        }
    }

    @Test func aRenewalWithoutAPaymentMethodFails() async throws {
        try await withRig { rig in
            let session = try await rig.client.createCheckoutSession(.test(), idempotencyKey: nil)
            try rig.sandbox.completeCheckout(session.id)
            let id = try #require(rig.sandbox.subscriptionID(forCheckoutSession: session.id))
            try rig.sandbox.setPaymentMethod(id, present: false)
            let events = rig.sandbox.advanceClock(by: 30 * Self.day)
            #expect(events.map(\.type) == ["customer.subscription.updated", "invoice.payment_failed"])
            #expect(value(Data(events[1].payload), "data", "object", "status") as? String == "open")
            #expect(try await rig.client.retrieveSubscription(id).status == "past_due")
        }
    }
}
