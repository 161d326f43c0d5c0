import Premium
import Storage

/// Commissions on referred members' Pro payments, booked inside the Stripe webhook's transaction
/// by `EconomyRevenueRecorder` (docs/economy.md, "Commissions").
///
/// A paid invoice of an attributed member earns the creator `floor(amount × rate)`, less the
/// platform fee `floor(commission × fee rate)`, when either
/// - it is the member's first commission (the conversion): Stripe's time for the payment is in
///   the referral's window and the member had not paid for Pro before redeeming; or
/// - the member converted and has fewer than `referralCommissionMonths` commissions.
///
/// The commission's ledger transaction debits `platform_revenue` and credits the creator's payable
/// (share − fee) and `platform_fee`, with kind `allocation`, so it is held and becomes payable
/// exactly as revenue-share credits do. Key `referral-commission:INVOICE:MEMBER`; the commission row
/// (unique invoice, unique member and ordinal) makes replays and concurrent invoices earn it once.
enum ReferralCommissions {
    static func invoicePaid(_ movement: StripeMoneyMovement, configuration: EconomyConfiguration, _ tx: any EconomyTransaction) async throws {
        guard let member = movement.user, movement.amount > 0, configuration.referralCommissionBasisPoints > 0,
            let referral = try await tx.referral(member: member)
        else { return }
        let earned = try await tx.referralCommissions(member: member)
        guard !earned.contains(where: { $0.invoiceID == movement.objectID }), earned.count < configuration.referralCommissionMonths else { return }
        if earned.isEmpty {
            // Converting means starting Pro inside the window: judged by Stripe's time for the
            // payment (the same whatever the delivery order), and not by a member who already paid.
            guard referral.isInWindow(movement.occurredAt ?? movement.at) else { return }
            guard try await !tx.hasPaidRevenue(member, before: referral.redeemedAt) else { return }
        }
        let currency = movement.currency.lowercased()
        let commission = RevenueSplit.fee(share: movement.amount, basisPoints: configuration.referralCommissionBasisPoints)
        guard commission > 0 else { return }
        let fee = RevenueSplit.fee(share: commission, basisPoints: configuration.platformFeeBasisPoints)
        let record = ReferralCommission(
            member: member, ordinal: Int64(earned.count + 1), invoiceID: movement.objectID, creator: referral.creator,
            packID: referral.packID, code: referral.code, currency: currency, invoiceAmount: movement.amount, commission: commission,
            fee: fee, credit: commission - fee, at: movement.at)
        guard try await tx.insertReferralCommission(record) else { return }
        var entries = [MoneyEntry(account: .platformRevenue, currency: currency, amount: commission)]
        if record.credit > 0 { entries.append(MoneyEntry(account: .creatorPayable(referral.creator), currency: currency, amount: -record.credit)) }
        if fee > 0 { entries.append(MoneyEntry(account: .platformFee, currency: currency, amount: -fee)) }
        _ = try await tx.postMoneyTransaction(
            MoneyTransaction(
                idempotencyKey: "referral-commission:\(movement.objectID):\(member.rawValue)", kind: .allocation,
                reference: record.ledgerReference, user: referral.creator, at: movement.at, entries: entries))
        var properties = [
            "creator": String(referral.creator.rawValue), "pack": referral.packID, "code": referral.code, "invoice": movement.objectID,
            "currency": currency, "commission": String(commission), "fee": String(fee), "credit": String(record.credit),
            "month": String(record.ordinal), "idempotency_key": "referral-commission:\(movement.objectID):\(member.rawValue)",
        ]
        if record.ordinal == 1 {
            properties["idempotency_key"] = "referral-converted:\(member.rawValue)"
            try await tx.appendAnalyticsEvent(
                AnalyticsEvent(name: "referral_converted", player: PlayerID(guild: GuildID(0), member: member), at: movement.at, properties: properties))
        }
    }

    /// A refund of a commissioned invoice reverses the same share of the commission: credit and fee
    /// each `floor(part × refunded / paid)`, booking the increase over what earlier refunds of the
    /// invoice reversed. The credit comes back from the creator's payable as far as its balance
    /// reaches (the commission was not paid out); the rest (already requested or paid out) is
    /// debited to the creator's clawback account and taken from their next payout. The payable
    /// never goes into debit.
    static func chargeRefunded(_ movement: StripeMoneyMovement, _ tx: any EconomyTransaction) async throws {
        guard let member = movement.user, movement.amount > 0 else { return }
        let currency = movement.currency.lowercased()
        let commissions = try await tx.referralCommissions(member: member).filter { $0.currency == currency }
        // The charge's invoice when the charge names it; since API 2025-03-31 charges do not, and
        // the refund is taken to be of the member's latest commissioned payment before it.
        let commission: ReferralCommission?
        if let invoice = movement.invoiceID {
            commission = commissions.first { $0.invoiceID == invoice }
        } else {
            commission = commissions.filter { $0.at <= movement.at }.max { ($0.at, $0.ordinal) < ($1.at, $1.ordinal) }
        }
        guard let commission else { return }
        let refunded = min(movement.amount, commission.invoiceAmount)
        let creditTarget = RevenueSplit.mulDiv(commission.credit, refunded, commission.invoiceAmount)
        let feeTarget = RevenueSplit.mulDiv(commission.fee, refunded, commission.invoiceAmount)
        let payable = MoneyAccount.creatorPayable(commission.creator)
        let clawback = MoneyAccount.creatorClawback(commission.creator)
        var creditReversed: Int64 = 0
        var feeReversed: Int64 = 0
        for transaction in try await tx.moneyTransactions(reference: commission.ledgerReference) where transaction.kind == .refund {
            for entry in transaction.entries where entry.currency == currency && entry.amount > 0 {
                if entry.account == payable || entry.account == clawback { creditReversed += entry.amount }
                if entry.account == .platformFee { feeReversed += entry.amount }
            }
        }
        let credit = max(0, creditTarget - creditReversed)
        let fee = max(0, feeTarget - feeReversed)
        guard credit + fee > 0 else { return }
        let balance = -(try await tx.moneyBalances(payable)[currency] ?? 0)
        let fromPayable = min(credit, max(0, balance))
        var entries = [MoneyEntry(account: .platformRevenue, currency: currency, amount: -(credit + fee))]
        if fromPayable > 0 { entries.append(MoneyEntry(account: payable, currency: currency, amount: fromPayable)) }
        if credit - fromPayable > 0 { entries.append(MoneyEntry(account: clawback, currency: currency, amount: credit - fromPayable)) }
        if fee > 0 { entries.append(MoneyEntry(account: .platformFee, currency: currency, amount: fee)) }
        _ = try await tx.postMoneyTransaction(
            MoneyTransaction(
                idempotencyKey: "referral-reversal:\(commission.invoiceID):\(member.rawValue):\(creditTarget + feeTarget)", kind: .refund,
                reference: commission.ledgerReference, user: commission.creator, at: movement.at, entries: entries))
    }
}
