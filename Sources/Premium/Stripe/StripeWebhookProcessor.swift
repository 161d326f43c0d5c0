import Foundation
import Storage

/// Applies verified Stripe webhook events to the premium store, exactly once each.
///
/// - The event is parsed in full before the transaction: a malformed one throws
///   `StripeEventError` and touches nothing.
/// - `event.id` is recorded in the same transaction as the effects; a second delivery finds it
///   and changes nothing (`.duplicate`).
/// - Arrival order decides nothing: a subscription's state is stored only when newer by its own
///   fields (`StripeSubscriptionOrder`), and every other effect depends on its event alone (the
///   grant on its invoice id, analytics on its event).
public struct StripeWebhookProcessor: StripeEventProcessing {
    let store: any PremiumStore
    let configuration: PremiumConfiguration
    let now: @Sendable () -> Timestamp
    let onEntitlementChange: @Sendable (MemberID) -> Void
    let money: (any StripeMoneyRecorder)?

    /// `now` stamps records (processing time, not Stripe's); `onEntitlementChange` runs after the
    /// commit for every user whose entitlement changed (the entitlement cache's invalidation).
    /// `money` records paid invoices and refunds in the same transaction (the creator economy's
    /// ledger); without it `charge.refunded` is ignored.
    public init(
        store: any PremiumStore, configuration: PremiumConfiguration = PremiumConfiguration(), now: @escaping @Sendable () -> Timestamp,
        onEntitlementChange: @escaping @Sendable (MemberID) -> Void = { _ in }, money: (any StripeMoneyRecorder)? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.now = now
        self.onEntitlementChange = onEntitlementChange
        self.money = money
    }

    /// The event types this processor applies; any other is answered `.ignored` (and
    /// `charge.refunded` too when no money recorder is plugged in).
    public static let handledTypes: Set<String> = [
        "checkout.session.completed", "customer.subscription.created", "customer.subscription.updated",
        "customer.subscription.deleted", "customer.subscription.paused", "customer.subscription.resumed",
        "customer.subscription.trial_will_end", "invoice.paid", "invoice.payment_failed", "charge.refunded",
    ]

    /// An event's object, parsed and checked before the transaction.
    enum Parsed: Sendable {
        case checkout(StripeCheckoutSession)
        case subscription(StripeSubscription, guildScoped: Bool)
        case invoicePaid(StripeInvoice)
        case invoiceFailed(StripeInvoice)
        case chargeRefunded(StripeCharge)
    }

    public func process(_ payload: Data) async throws -> StripeEventOutcome {
        let event = try StripeEvent.parse(payload)
        guard Self.handledTypes.contains(event.type), event.type != "charge.refunded" || money != nil else {
            return .ignored(type: event.type)
        }
        let parsed = try parse(event)
        let time = now()
        let configuration = self.configuration
        let money = self.money
        let (outcome, changed) = try await store.writePremium { tx -> (StripeEventOutcome, Set<MemberID>) in
            let record = StripeEventRecord(eventID: event.id, type: event.type, created: event.created, processedAt: time)
            guard try await tx.recordStripeEvent(record) else { return (.duplicate, []) }
            let apply = StripeEventApplication(tx: tx, event: event, configuration: configuration, time: time, moneyRecorder: money)
            return (.applied, try await apply.run(parsed))
        }
        for user in changed { onEntitlementChange(user) }
        return outcome
    }

    func parse(_ event: StripeEvent) throws -> Parsed {
        switch event.type {
        case "checkout.session.completed":
            return .checkout(try StripeCheckoutSession.parse(event.object))
        case "invoice.paid":
            return .invoicePaid(try StripeInvoice.parse(event.object))
        case "invoice.payment_failed":
            return .invoiceFailed(try StripeInvoice.parse(event.object))
        case "charge.refunded":
            return .chargeRefunded(try StripeCharge.parse(event.object))
        default:
            let subscription = try StripeSubscription.parse(event.object)
            let guildScoped = !configuration.guildScopedPrices.isDisjoint(with: subscription.priceIDs)
            if guildScoped, StripeMetadata.snowflake(subscription.metadata, StripeMetadata.discordGuild) == nil {
                throw StripeEventError.invalidField(
                    event: event.id, path: "data.object.metadata.\(StripeMetadata.discordGuild)", expected: "a guild id (the price is guild-scoped)")
            }
            return .subscription(subscription, guildScoped: guildScoped)
        }
    }
}
