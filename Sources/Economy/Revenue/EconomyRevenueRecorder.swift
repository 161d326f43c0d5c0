import Premium
import Storage

/// Books Stripe's money in the money ledger, inside the webhook's transaction (decision 0015: a
/// cross-area operation is one body in one transaction).
///
/// - A paid invoice: debit `stripe_clearing`, credit `platform_revenue`; key
///   `stripe-invoice:ID`, so the invoice is booked once whatever its events.
/// - A refund: Stripe reports the charge's running total, so the increase over what is booked for
///   the charge is debited to `refunds` and credited to `stripe_clearing`; key
///   `stripe-refund:CHARGE:TOTAL`. A total not above what is booked (a late or repeated event)
///   books nothing.
///
/// Discord purchases are not booked: Discord's entitlement events carry no amount (Discord pays
/// the application out in its own reports), so Discord Pro members count for engagement only.
///
/// Referral commissions ride along: a paid invoice of a referred member may earn its creator a
/// commission, and a refund reverses it (`ReferralCommissions`), in the same transaction.
public struct EconomyRevenueRecorder: StripeMoneyRecorder {
    let configuration: EconomyConfiguration

    public init(configuration: EconomyConfiguration = EconomyConfiguration()) {
        self.configuration = configuration
    }

    public func record(_ movement: StripeMoneyMovement, in transaction: any PremiumTransaction) async throws {
        // The database's one transaction type conforms to every area's contract; a store that
        // lacks the economy's is a wiring mistake, refused loudly rather than losing money.
        guard let tx = transaction as? any EconomyTransaction else {
            throw StoreError.constraintViolation("the store's transaction does not implement the economy contract")
        }
        try await Self.record(movement, configuration: configuration, in: tx)
    }

    public static func record(
        _ movement: StripeMoneyMovement, configuration: EconomyConfiguration = EconomyConfiguration(), in tx: any EconomyTransaction
    ) async throws {
        let currency = movement.currency.lowercased()
        switch movement.kind {
        case .invoicePaid:
            guard movement.amount > 0 else { return }
            _ = try await tx.postMoneyTransaction(
                MoneyTransaction(
                    idempotencyKey: "stripe-invoice:\(movement.objectID)", kind: .revenue, reference: movement.objectID, user: movement.user,
                    at: movement.at,
                    entries: [
                        MoneyEntry(account: .stripeClearing, currency: currency, amount: movement.amount),
                        MoneyEntry(account: .platformRevenue, currency: currency, amount: -movement.amount),
                    ]))
            try await ReferralCommissions.invoicePaid(movement, configuration: configuration, tx)
        case .chargeRefunded:
            try await ReferralCommissions.chargeRefunded(movement, tx)
            let booked = try await tx.moneyTransactions(reference: movement.objectID)
                .filter { $0.kind == .refund }
                .flatMap(\.entries)
                .filter { $0.account == .refunds && $0.currency == currency }
                .reduce(Int64(0)) { $0 + $1.amount }
            let increase = movement.amount - booked
            guard increase > 0 else { return }
            _ = try await tx.postMoneyTransaction(
                MoneyTransaction(
                    idempotencyKey: "stripe-refund:\(movement.objectID):\(movement.amount)", kind: .refund, reference: movement.objectID,
                    user: movement.user, at: movement.at,
                    entries: [
                        MoneyEntry(account: .refunds, currency: currency, amount: increase),
                        MoneyEntry(account: .stripeClearing, currency: currency, amount: -increase),
                    ]))
        }
    }
}
