import Foundation
import Premium
import Storage
import Testing

/// What one event does, and how a bad one is refused with nothing applied.
@Suite struct StripeWebhookProcessorTests {
    typealias B = StripeEventBuilder
    static let now = Timestamp.seconds(1_765_000_000)
    static let t0 = StripeLifecycle.t0
    static let day = StripeLifecycle.day
    static let user: UInt64 = 777
    static let guild: UInt64 = 4242
    static let metadata = B.discordMetadata(user: user, guild: guild)

    static func processor(_ store: any PremiumStore, _ configuration: PremiumConfiguration = PremiumConfiguration()) -> StripeWebhookProcessor {
        StripeWebhookProcessor(store: store, configuration: configuration, now: { now })
    }

    static func subscriptionEvent(
        _ id: String, type: String = "customer.subscription.updated", status: String, created: Int64, period: (Int64, Int64),
        metadata: [String: String] = StripeWebhookProcessorTests.metadata, apiVersion: String = B.currentAPIVersion, priceID: String = "price_pro_monthly"
    ) -> Data {
        B.event(
            id: id, type: type, created: created, apiVersion: apiVersion,
            object: B.subscription(
                id: "sub_1", customer: "cus_1", status: status, periodStart: period.0, periodEnd: period.1, metadata: metadata,
                priceID: priceID, apiVersion: apiVersion))
    }

    static func entitlement(_ store: any PremiumStore) async throws -> EntitlementRecord? {
        try await store.readPremium { try await $0.entitlement(source: .stripe, sourceID: "sub_1") }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func malformedEventsAreRefusedNamingTheFieldAndApplyNothing(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store)
            let cases: [(Data, StripeEventError)] = [
                (Data("not json".utf8), .notJSON),
                (Data("[1,2]".utf8), .notJSON),
                (Data(#"{"type":"invoice.paid"}"#.utf8), .missingField(event: nil, path: "id")),
                (Data(#"{"id":"evt_a","type":"invoice.paid","created":"yesterday","data":{"object":{}}}"#.utf8),
                 .invalidField(event: "evt_a", path: "created", expected: "an integer")),
                (Data(#"{"id":"evt_b","type":"invoice.paid","created":1}"#.utf8), .missingField(event: "evt_b", path: "data")),
                (Data(#"{"id":"evt_c","type":"invoice.paid","created":1,"data":{"object":{"id":"in_1"}}}"#.utf8),
                 .missingField(event: "evt_c", path: "data.object.currency")),
                (Data(#"{"id":"evt_d","object":"charge","type":"invoice.paid","created":1,"data":{"object":{}}}"#.utf8),
                 .invalidField(event: "evt_d", path: "object", expected: "\"event\"")),
                (Self.subscriptionEvent("evt_e", status: "sleeping", created: Self.t0, period: (Self.t0, Self.t0 + 30 * Self.day)),
                 .invalidField(event: "evt_e", path: "data.object.status", expected: "a Stripe subscription status")),
                (B.event(id: "evt_f", type: "customer.subscription.created", created: Self.t0,
                         object: ["id": "sub_1", "customer": "cus_1", "status": "active", "items": ["data": [["id": "si_1"]]]]),
                 .missingField(event: "evt_f", path: "data.object.items.data[].current_period_end")),
            ]
            for (body, expected) in cases {
                let error = await #expect(throws: StripeEventError.self) { try await processor.process(body) }
                #expect(error == expected)
                #expect(error?.isMalformed == true)
                // The message names the field, never the body.
                #expect(error.map { !String(describing: $0).contains("sleeping") } ?? false)
            }
            for id in ["evt_a", "evt_b", "evt_c", "evt_d", "evt_e", "evt_f"] {
                #expect(try await store.readPremium { try await $0.stripeEvent(id) } == nil)
            }
            #expect(try await Self.entitlement(store) == nil)
        }
    }

    @Test(arguments: PremiumTestDatabase.available)
    func unhandledTypesAreIgnoredAndDuplicatesChangeNothing(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store)
            let refund = B.event(id: "evt_r", type: "charge.refunded", created: Self.t0, object: ["id": "ch_1", "object": "charge"])
            #expect(try await processor.process(refund) == .ignored(type: "charge.refunded"))
            #expect(try await store.readPremium { try await $0.stripeEvent("evt_r") } == nil)

            let created = Self.subscriptionEvent(
                "evt_1", type: "customer.subscription.created", status: "active", created: Self.t0, period: (Self.t0, Self.t0 + 30 * Self.day))
            #expect(try await processor.process(created) == .applied)
            let first = try #require(try await Self.entitlement(store))
            #expect(try await processor.process(created) == .duplicate)
            #expect(try await Self.entitlement(store) == first)
            #expect(try await store.readPremium { try await $0.stripeEvent("evt_1") }?.type == "customer.subscription.created")
        }
    }

    /// Both renderings of a subscription, items (2025-03-31 and later) and top level (earlier),
    /// store the same period.
    @Test(arguments: PremiumTestDatabase.available)
    func currentPeriodEndIsReadFromItemsOrTheTopLevel(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store)
            let period = (Self.t0, Self.t0 + 30 * Self.day)
            _ = try await processor.process(Self.subscriptionEvent("evt_1", status: "active", created: Self.t0, period: period, apiVersion: B.legacyAPIVersion))
            let legacy = try #require(try await Self.entitlement(store))
            #expect(legacy.periodStart == .seconds(period.0))
            #expect(legacy.periodEnd == .seconds(period.1))
            let later = (period.1, period.1 + 30 * Self.day)
            _ = try await processor.process(Self.subscriptionEvent("evt_2", status: "active", created: Self.t0 + 1, period: later))
            let current = try #require(try await Self.entitlement(store))
            #expect(current.periodStart == .seconds(later.0))
            #expect(current.periodEnd == .seconds(later.1))
            #expect(current.orderEventID == "evt_2")
        }
    }

    /// A terminal `canceled` stays: a late `updated` (older by its own fields, or not) cannot revive it.
    @Test(arguments: PremiumTestDatabase.available)
    func aCanceledSubscriptionIsNotRevivedByALateUpdate(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store)
            let period = (Self.t0, Self.t0 + 30 * Self.day)
            _ = try await processor.process(Self.subscriptionEvent("evt_del", type: "customer.subscription.deleted", status: "canceled", created: Self.t0 + 5, period: period))
            _ = try await processor.process(Self.subscriptionEvent("evt_upd", status: "active", created: Self.t0 + 9, period: (period.1, period.1 + 30 * Self.day)))
            let stored = try #require(try await Self.entitlement(store))
            #expect(stored.status == .canceled)
            #expect(stored.orderEventID == "evt_del")
            // A stale update (older created, same period) does not replace a newer state either.
            _ = try await processor.process(Self.subscriptionEvent("evt_x", status: "past_due", created: Self.t0, period: period))
            #expect(try await Self.entitlement(store)?.orderEventID == "evt_del")
        }
    }

    /// An invoice that names no Discord user and comes from an unknown customer cannot be applied
    /// yet: not malformed (Stripe should retry), nothing recorded; once the checkout links the
    /// customer, the redelivery applies and grants once.
    @Test(arguments: PremiumTestDatabase.available)
    func anUnattributedInvoiceWaitsForItsCheckout(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store, PremiumConfiguration(monthlyPointsGrant: 250))
            let invoice = B.event(
                id: "evt_inv", type: "invoice.paid", created: Self.t0,
                object: B.invoice(id: "in_9", customer: "cus_9", subscription: "sub_9", metadata: [:], amountPaid: 499, amountDue: 499,
                                  billingReason: "subscription_create", periodStart: Self.t0, periodEnd: Self.t0 + 30 * Self.day))
            let error = await #expect(throws: StripeEventError.self) { try await processor.process(invoice) }
            #expect(error == .unattributed(event: "evt_inv", object: "in_9"))
            #expect(error?.isMalformed == false)
            #expect(try await store.readPremium { try await $0.stripeEvent("evt_inv") } == nil)

            let checkout = B.event(
                id: "evt_cs", type: "checkout.session.completed", created: Self.t0,
                object: B.checkoutSession(id: "cs_9", customer: "cus_9", subscription: "sub_9", user: Self.user, guild: Self.guild, amountTotal: 499))
            #expect(try await processor.process(checkout) == .applied)
            #expect(try await processor.process(invoice) == .applied)
            #expect(try await processor.process(invoice) == .duplicate)
            let player = PlayerID(guild: GuildID(Self.guild), member: MemberID(Self.user))
            #expect(try await store.readPremium { try await $0.balance(player) } == 250)
            #expect(try await store.readPremium { try await $0.ledgerEntry(player, idempotencyKey: "stripe-invoice:in_9") }?.reason == .proMonthlyGrant)
            let conversion = try await store.readPremium { try await $0.analyticsEvents(player: player, name: .conversion, limit: 10) }
            #expect(conversion.map(\.properties["amount"]) == ["499"])
            #expect(conversion.map(\.properties["currency"]) == ["usd"])
        }
    }

    /// Two events for one invoice (Stripe may send `invoice.paid` again under a new event id):
    /// one grant, decided by the invoice id.
    @Test(arguments: PremiumTestDatabase.available)
    func theGrantIsIdempotentOnTheInvoiceID(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let processor = Self.processor(store, PremiumConfiguration(monthlyPointsGrant: 300))
            for id in ["evt_a", "evt_b"] {
                let paid = B.event(
                    id: id, type: "invoice.paid", created: Self.t0,
                    object: B.invoice(id: "in_1", customer: "cus_1", subscription: "sub_1", metadata: Self.metadata, amountPaid: 499,
                                      amountDue: 499, billingReason: "subscription_cycle", periodStart: Self.t0, periodEnd: Self.t0 + 30 * Self.day))
                #expect(try await processor.process(paid) == .applied)
            }
            let player = PlayerID(guild: GuildID(Self.guild), member: MemberID(Self.user))
            #expect(try await store.readPremium { try await $0.balance(player) } == 300)
            // Both events are counted as renewals: each is its own fact.
            #expect(try await store.readPremium { try await $0.analyticsEvents(player: player, name: .subscriptionRenewed, limit: 10) }.count == 2)
        }
    }

    /// A guild-scoped price holds in the guild of its metadata only; without a guild it is refused.
    @Test(arguments: PremiumTestDatabase.available)
    func aGuildScopedPriceHoldsInItsGuild(_ database: PremiumTestDatabase) async throws {
        try await database.withStore { store async throws in
            let configuration = PremiumConfiguration(guildScopedPrices: ["price_server"])
            let processor = Self.processor(store, configuration)
            let period = (Self.t0, Self.t0 + 30 * Self.day)
            let noGuild = Self.subscriptionEvent(
                "evt_0", status: "active", created: Self.t0, period: period, metadata: B.discordMetadata(user: Self.user, guild: nil),
                priceID: "price_server")
            let error = await #expect(throws: StripeEventError.self) { try await processor.process(noGuild) }
            #expect(error == .invalidField(event: "evt_0", path: "data.object.metadata.discord_guild_id", expected: "a guild id (the price is guild-scoped)"))
            _ = try await processor.process(Self.subscriptionEvent("evt_1", status: "active", created: Self.t0, period: period, priceID: "price_server"))
            let service = EntitlementService(store: store, configuration: configuration, now: { Self.now })
            let during = Timestamp.seconds(Self.t0 + Self.day)
            #expect(try await service.isPro(user: MemberID(Self.user), guild: GuildID(Self.guild), at: during))
            #expect(try await service.isPro(user: MemberID(Self.user), guild: GuildID(1), at: during) == false)
            #expect(try await service.isPro(user: MemberID(Self.user), guild: nil, at: during) == false)
        }
    }
}
