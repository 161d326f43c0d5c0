import Bot
import BotHarness
import Economy
import Foundation
import Gacha
import Premium
import Storage
import StripeSandbox

/// The demo's referral scene: the creator gets their pack's code, a new member redeems it and goes
/// Pro by card on the loopback Stripe, and the webhook books the creator's commission in the money
/// ledger in the same transaction as the payment.
extension DemoScript {
    static let referredMemberID: UInt64 = 1_100_000_000_000_000_779

    func playReferrals(_ stripe: DemoStripe, pack: String) async throws {
        print("— Referral codes: a creator's code, redeemed, converts —\n")
        let economy: any EconomyStore = bot.store
        let creator = bot.member(Self.creatorID, name: "Mika")
        let referral = try await creator.command("creator", [.subcommand("referral", [.string("pack", pack)])])
        try await show("Mika: /creator referral pack: Starfall Crew", referral)
        guard let code = Self.code(in: referral.text) else { throw HarnessError.unexpectedReply("no code in: \(referral.text)") }
        let member = bot.member(Self.referredMemberID, name: "Noor").withoutEntitlements()
        try await show("Noor: /packs redeem code: \(code)", try await member.command("packs", [.subcommand("redeem", [.string("code", code)])]))
        try await show("Noor: /packs redeem code: \(code) (again)", try await member.command("packs", [.subcommand("redeem", [.string("code", code)])]))

        let revenueBefore = try await economy.readEconomy { try await $0.moneyBalances(.platformRevenue) }
        let premium = try await member.command("premium")
        let session = try Self.checkoutSession(in: premium)

        // The bot's HTTP server with the money ledger plugged in: payments, and commissions, are booked.
        // The demo's game time runs ahead of the wall clock: the webhook books at the bot's time.
        let redeemedAt = try await economy.readEconomy { try await $0.referral(member: MemberID(Self.referredMemberID)) }?.redeemedAt
        let live = GameTime.live()
        let time = GameTime { max(live.now(), (redeemedAt ?? live.now()).advanced(by: .seconds(2))) }
        let configuration = EconomyConfiguration()
        let changes = stripe.changes
        let processor = StripeWebhookProcessor(
            store: bot.store, now: { time.now() }, onEntitlementChange: { changes.notify($0) },
            money: EconomyRevenueRecorder(configuration: configuration))
        try await Self.withWebhookServer(processor) { webhooks in
            // The loopback Stripe's test clock stands still between scenes (and the bot's game time may
            // have moved on): bring it to the redemption, so the payment's time (what the referral
            // window is judged by) follows it.
            let behind = time.now().millisecondsSinceEpoch / 1000 - 1 - stripe.sandbox.now
            if behind > 0 { _ = stripe.sandbox.advanceClock(by: behind) }
            let paid = try stripe.sandbox.completeCheckout(session)
            print("… Noor pays on the Checkout page; Stripe sends \(paid.map(\.type).joined(separator: ", ")), each twice:")
            let attempts = await stripe.sandbox.deliverPending(
                to: webhooks, script: DeliveryScript(copies: 2, order: .shuffled(seed: 11)))
            for attempt in attempts { print("  POST /webhooks/stripe \(attempt.type) → \(attempt.status.map(String.init) ?? "no answer")") }
        }
        let revenueAfter = try await economy.readEconomy { try await $0.moneyBalances(.platformRevenue) }
        for (currency, balance) in revenueAfter.sorted(by: { $0.key < $1.key }) where balance != revenueBefore[currency] {
            print("… Noor's payment is booked in the money ledger: \(-(balance - (revenueBefore[currency] ?? 0))) \(currency) of revenue (net of commissions)")
        }
        let commissions = try await economy.readEconomy { try await $0.referralCommissions(member: MemberID(Self.referredMemberID)) }
        for commission in commissions {
            print(
                "… Mika's commission on Noor's first payment: \(commission.invoiceAmount) × "
                    + "\(configuration.referralCommissionBasisPoints / 100)% = \(commission.commission), platform fee "
                    + "\(commission.fee), credited \(commission.credit) \(commission.currency) (held \(configuration.payoutHoldDays) days, then payable)")
        }
        if commissions.isEmpty { print("… no commission was booked (see docs/economy.md, \"Commissions\")") }
        let earnings = try await CreatorEarnings.load(
            MemberID(Self.creatorID), configuration: configuration, now: time.now(), store: economy)
        for line in earnings.earnings {
            print("  Mika's earnings (\(line.currency)): month to date \(line.monthToDate), pending \(line.pending), payable \(line.payable)")
        }
        print("")
    }

    /// The first `CODE` in backticks of the code alphabet.
    static func code(in text: String) -> String? {
        text.split(separator: "`").map(String.init).first { ReferralCodeText.normalize($0) == $0 }
    }
}
