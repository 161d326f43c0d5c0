import Foundation
import Storage

/// One event's effects inside its transaction.
struct StripeEventApplication {
    let tx: any PremiumTransaction
    let event: StripeEvent
    let configuration: PremiumConfiguration
    let time: Timestamp
    /// Where paid invoices and refunds are booked, if anywhere (`StripeMoneyRecorder`).
    var moneyRecorder: (any StripeMoneyRecorder)? = nil

    /// Returns the users whose entitlement changed.
    func run(_ parsed: StripeWebhookProcessor.Parsed) async throws -> Set<MemberID> {
        switch parsed {
        case .checkout(let session):
            try await checkoutCompleted(session)
            return []
        case .subscription(let subscription, let guildScoped):
            return try await subscriptionChanged(subscription, guildScoped: guildScoped)
        case .invoicePaid(let invoice):
            try await invoicePaid(invoice)
            return []
        case .invoiceFailed(let invoice):
            try await invoicePaymentFailed(invoice)
            return []
        case .chargeRefunded(let charge):
            try await chargeRefunded(charge)
            return []
        }
    }

    // MARK: Checkout

    /// Links the customer to the Discord user the bot put in the session, and counts the conversion.
    func checkoutCompleted(_ session: StripeCheckoutSession) async throws {
        guard session.mode == "subscription" else { return }
        let user = session.clientReferenceID.flatMap { UInt64($0) } ?? StripeMetadata.snowflake(session.metadata, StripeMetadata.discordUser)
        // A session the bot did not create names no user: there is nothing to link.
        guard let user else { return }
        let guild = StripeMetadata.snowflake(session.metadata, StripeMetadata.discordGuild).map { GuildID($0) }
        if let customer = session.customerID {
            _ = try await tx.linkStripeCustomer(
                StripeCustomerRecord(customerID: customer, user: MemberID(user), guild: guild, createdAt: time))
        }
        var properties = money(session.amountTotal, session.currency)
        properties["checkout_session"] = session.id
        properties["subscription"] = session.subscriptionID
        properties["price_variant"] = session.metadata[StripeMetadata.priceVariant]
        properties["payment_status"] = session.paymentStatus
        try await analytics(.conversion, user: MemberID(user), guild: guild, properties)
    }

    // MARK: Subscriptions

    func subscriptionChanged(_ subscription: StripeSubscription, guildScoped: Bool) async throws -> Set<MemberID> {
        let (user, guild) = try await attribute(metadata: subscription.metadata, customer: subscription.customerID, object: subscription.id)
        // Keep the link, so invoices without metadata find the user too.
        _ = try await tx.linkStripeCustomer(
            StripeCustomerRecord(customerID: subscription.customerID, user: user, guild: guild, createdAt: time))

        let candidate = EntitlementRecord(
            source: .stripe, sourceID: subscription.id, user: user, guild: guildScoped ? guild : nil, tier: .pro,
            status: subscription.status, periodStart: Self.timestamp(subscription.periodStart),
            periodEnd: Self.timestamp(subscription.periodEnd), customerID: subscription.customerID, orderCreated: event.created,
            orderEventID: event.id, updatedAt: time)
        var changed: Set<MemberID> = []
        let stored = try await tx.entitlement(source: .stripe, sourceID: subscription.id)
        if stored.map({ StripeSubscriptionOrder.isNewer(candidate, than: $0) }) ?? true {
            try await tx.upsertEntitlement(candidate)
            changed.insert(user)
            if let stored, stored.user != user { changed.insert(stored.user) }
        }

        var properties = money(subscription.amount, subscription.currency)
        properties["subscription"] = subscription.id
        switch event.type {
        case "customer.subscription.created" where subscription.status == .trialing:
            let ends = Self.timestamp(subscription.trialEnd ?? subscription.periodEnd)
            let start = Self.timestamp(subscription.periodStart)
            _ = try await tx.recordTrial(
                TrialRecord(user: user, source: .stripe, sourceID: subscription.id, startedAt: start, endsAt: max(start, ends)))
            properties["trial_end"] = String(subscription.trialEnd ?? subscription.periodEnd)
            try await analytics(.trialStart, user: user, guild: guild, properties)
        case "customer.subscription.updated"
        where event.previousAttributes?.json["status"].string == EntitlementStatus.trialing.rawValue && subscription.status != .trialing:
            properties["outcome"] = subscription.status.rawValue
            try await analytics(.trialEnd, user: user, guild: guild, properties)
        case "customer.subscription.trial_will_end":
            // The bot's trial sweeper sends the reminder DM (at most once per member).
            let ends = Self.timestamp(subscription.trialEnd ?? subscription.periodEnd)
            _ = try await tx.recordTrialReminder(TrialReminder(user: user, sourceID: subscription.id, endsAt: ends, updatedAt: time))
        case "customer.subscription.deleted":
            if let ended = subscription.endedAt { properties["ended_at"] = String(ended) }
            try await analytics(.subscriptionCanceled, user: user, guild: guild, properties)
        default:
            break
        }
        return changed
    }

    // MARK: Invoices

    /// A paid Pro invoice credits the monthly grant once per invoice id, to the member in the
    /// guild the subscription names; a renewal is counted.
    func invoicePaid(_ invoice: StripeInvoice) async throws {
        guard let subscription = invoice.subscriptionID else { return }
        let (user, guild) = try await attribute(metadata: invoice.metadata, customer: invoice.customerID, object: invoice.id)
        if invoice.amountPaid > 0, configuration.monthlyPointsGrant > 0, let guild {
            let player = PlayerID(guild: guild, member: user)
            let key = "stripe-invoice:\(invoice.id)"
            try await tx.lockPlayer(player)
            try await tx.ensurePlayer(player, at: time)
            if try await tx.ledgerEntry(player, idempotencyKey: key) == nil {
                let entry = try await tx.appendLedgerEntry(
                    LedgerEntry(player: player, amount: configuration.monthlyPointsGrant, reason: .proMonthlyGrant, idempotencyKey: key, at: time))
                // Points minted by this source, as the game's `points_earned` (owner analytics' economy report).
                try await tx.appendAnalyticsEvent(
                    AnalyticsEvent(
                        name: "points_earned", player: player, at: time,
                        properties: [
                            "amount": String(configuration.monthlyPointsGrant), "reason": LedgerReason.proMonthlyGrant.rawValue,
                            "balance": String(entry.balanceAfter ?? 0),
                        ]))
            }
        }
        if let moneyRecorder, invoice.amountPaid > 0 {
            try await moneyRecorder.record(
                StripeMoneyMovement(
                    kind: .invoicePaid, eventID: event.id, objectID: invoice.id, user: user, amount: invoice.amountPaid,
                    currency: invoice.currency.lowercased(), at: time, occurredAt: Self.timestamp(event.created)),
                in: tx)
        }
        if invoice.billingReason == "subscription_cycle" {
            var properties = money(invoice.amountPaid, invoice.currency)
            properties["invoice"] = invoice.id
            properties["subscription"] = subscription
            try await analytics(.subscriptionRenewed, user: user, guild: guild, properties)
        }
    }

    func invoicePaymentFailed(_ invoice: StripeInvoice) async throws {
        let (user, guild) = try await attribute(metadata: invoice.metadata, customer: invoice.customerID, object: invoice.id)
        var properties = money(invoice.amountDue, invoice.currency)
        properties["invoice"] = invoice.id
        properties["subscription"] = invoice.subscriptionID
        properties["attempt_count"] = invoice.attemptCount.map(String.init)
        try await analytics(.paymentFailed, user: user, guild: guild, properties)
    }

    // MARK: Refunds

    /// A refunded charge, booked by the money recorder (only called with one). Attributed when
    /// possible; a refund of a charge nobody can be found for is still money that left.
    func chargeRefunded(_ charge: StripeCharge) async throws {
        guard let moneyRecorder, charge.amountRefunded > 0 else { return }
        var user: MemberID?
        do {
            user = try await attribute(metadata: charge.metadata, customer: charge.customerID, object: charge.id).0
        } catch is StripeEventError {
            user = nil
        }
        try await moneyRecorder.record(
            StripeMoneyMovement(
                kind: .chargeRefunded, eventID: event.id, objectID: charge.id, user: user, amount: charge.amountRefunded,
                currency: charge.currency.lowercased(), at: time, occurredAt: Self.timestamp(event.created), invoiceID: charge.invoiceID),
            in: tx)
    }

    // MARK: Shared

    /// The Discord user (and guild) an object belongs to: its metadata first, then the customer's
    /// link. Neither: the event cannot be applied yet (`unattributed`).
    func attribute(metadata: [String: String], customer: String?, object: String) async throws -> (MemberID, GuildID?) {
        var linked: StripeCustomerRecord?
        if let customer { linked = try await tx.stripeCustomer(customer) }
        let guild = StripeMetadata.snowflake(metadata, StripeMetadata.discordGuild).map { GuildID($0) } ?? linked?.guild
        if let user = StripeMetadata.snowflake(metadata, StripeMetadata.discordUser) { return (MemberID(user), guild) }
        if let linked { return (linked.user, guild) }
        throw StripeEventError.unattributed(event: event.id, object: object)
    }

    func analytics(_ name: EventName, user: MemberID, guild: GuildID?, _ properties: [String: String]) async throws {
        var properties = properties
        properties["stripe_event"] = event.id
        try await tx.appendAnalyticsEvent(
            AnalyticsEvent(name: name, player: PlayerID(guild: guild ?? GuildID(0), member: user), at: time, properties: properties))
    }

    /// Amounts in the currency's minor unit, as Stripe gives them, for MRR.
    func money(_ amount: Int64, _ currency: String?) -> [String: String] {
        var properties = ["amount": String(amount)]
        properties["currency"] = currency
        return properties
    }

    static func timestamp(_ seconds: Int64) -> Timestamp { Timestamp(millisecondsSinceEpoch: seconds * 1000) }
}
