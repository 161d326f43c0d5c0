import Storage

/// Payouts: credits mature after the hold, matured balances of at least the minimum become
/// pending payout requests, and an operator (or a `PayoutSender`) settles each as paid or failed.
///
/// Ledger movements (docs/economy.md, "Payouts"):
/// - requested (`payout:ID`): debit the creator's payable, credit `payouts`;
/// - paid (`payout-paid:ID`): debit `payouts`, credit `stripe_clearing` (the money left);
/// - failed (`payout-failed:ID`): debit `payouts`, credit the creator's payable (returned).
public struct PayoutService: Sendable {
    let store: any EconomyStore
    let configuration: EconomyConfiguration
    let sender: any PayoutSender

    public init(store: any EconomyStore, configuration: EconomyConfiguration, sender: any PayoutSender = ManualPayoutSender()) {
        self.store = store
        self.configuration = configuration
        self.sender = sender
    }

    /// What a creator could be paid now in a currency: the payable's balance less allocation
    /// credits (revenue shares and referral commissions) still inside the hold, less what the
    /// creator owes back (`owed`: reversed commissions that had already left the payable).
    static func available(_ creator: MemberID, currency: String, holdDays: Int64, now: Timestamp, _ tx: any EconomyReader) async throws
        -> (balance: Int64, held: Int64, available: Int64, owed: Int64)
    {
        let account = MoneyAccount.creatorPayable(creator)
        let balance = -(try await tx.moneyBalances(account)[currency] ?? 0)
        let holdStart = now.advanced(by: .seconds(-holdDays * 86_400))
        let held = -(try await tx.moneyTotals(account, kind: .allocation, from: holdStart, to: now.advanced(by: .milliseconds(1)))[currency] ?? 0)
        let owed = max(0, try await tx.moneyBalances(.creatorClawback(creator))[currency] ?? 0)
        let matured = max(0, balance - max(0, held))
        return (balance, min(max(0, held), balance), max(0, matured - owed), owed)
    }

    /// Creates a pending payout for every creator and currency whose matured balance reaches the
    /// minimum, then hands each to the sender (after the commit: sending is outside the
    /// database). Payout ids derive from creator, currency and time, so a re-run body makes the
    /// same ones.
    public func requestPayouts(now: Timestamp) async throws -> [PayoutRecord] {
        let configuration = self.configuration
        let requested = try await store.writeEconomy { tx -> [PayoutRecord] in
            var payouts: [PayoutRecord] = []
            for payable in try await tx.creatorPayables() {
                guard let creator = payable.account.creator else { continue }
                let money = try await Self.available(
                    creator, currency: payable.currency, holdDays: configuration.payoutHoldDays, now: now, tx)
                guard money.available >= configuration.payoutMinimum else { continue }
                payouts.append(try await Self.request(creator, currency: payable.currency, money: money, now: now, tx))
            }
            return payouts
        }
        return try await send(requested, now: now)
    }

    /// `/creator payout`: the creator asks for their matured balance in `currency` now. Refused
    /// below the minimum, saying how much is missing; the request is the same movement and event
    /// as the periodic job's, in one transaction.
    public func requestPayout(creator: MemberID, currency: String, now: Timestamp) async throws -> PayoutRecord {
        let configuration = self.configuration
        let requested = try await store.writeEconomy { tx -> PayoutRecord in
            let money = try await Self.available(creator, currency: currency, holdDays: configuration.payoutHoldDays, now: now, tx)
            guard money.available >= configuration.payoutMinimum else {
                throw EconomyError.belowPayoutMinimum(
                    currency: currency, payable: money.available, minimum: configuration.payoutMinimum, held: money.held)
            }
            return try await Self.request(creator, currency: currency, money: money, now: now, tx)
        }
        return try await send([requested], now: now)[0]
    }

    /// A pending payout: the payable's movement to `payouts` and `payout_requested`. Ids derive
    /// from creator, currency and time, so a re-run body makes the same one.
    /// A payout of everything available, in one transaction with its ledger entries. What the
    /// creator owes back (reversed commissions already paid out) is settled from the matured
    /// balance in the same move.
    static func request(
        _ creator: MemberID, currency: String, money: (balance: Int64, held: Int64, available: Int64, owed: Int64), now: Timestamp,
        _ tx: any EconomyTransaction
    ) async throws -> PayoutRecord {
        let payout = PayoutRecord(
            id: "po_\(creator.rawValue)_\(currency)_\(now.millisecondsSinceEpoch)", creator: creator, currency: currency,
            amount: money.available, requestedAt: now)
        try await tx.insertPayout(payout)
        let settled = min(money.owed, money.balance - money.held - money.available)
        var entries = [
            MoneyEntry(account: .creatorPayable(creator), currency: payout.currency, amount: payout.amount + settled),
            MoneyEntry(account: .payouts, currency: payout.currency, amount: -payout.amount),
        ]
        if settled > 0 { entries.append(MoneyEntry(account: .creatorClawback(creator), currency: payout.currency, amount: -settled)) }
        _ = try await tx.postMoneyTransaction(
            MoneyTransaction(
                idempotencyKey: "payout:\(payout.id)", kind: .payoutRequested, reference: payout.id, user: creator, at: now, entries: entries))
        try await tx.appendAnalyticsEvent(
            AnalyticsEvent(
                name: "payout_requested", player: PlayerID(guild: GuildID(0), member: creator), at: now,
                properties: ["payout": payout.id, "amount": String(payout.amount), "currency": payout.currency]))
        return payout
    }

    /// Hands each new request to the sender, after the commit: sending is outside the database.
    func send(_ requested: [PayoutRecord], now: Timestamp) async throws -> [PayoutRecord] {
        var result: [PayoutRecord] = []
        for payout in requested {
            switch try await sender.send(payout) {
            case .sent(let reference): result.append(try await markPaid(payout.id, reference: reference, now: now))
            case .awaitingOperator: result.append(payout)
            }
        }
        return result
    }

    /// pending → paid.
    public func markPaid(_ id: String, reference: String, now: Timestamp) async throws -> PayoutRecord {
        try await settle(id, to: .paid, reference: reference, now: now)
    }

    /// pending → failed; the amount returns to the creator's payable.
    public func fail(_ id: String, now: Timestamp) async throws -> PayoutRecord {
        try await settle(id, to: .failed, reference: nil, now: now)
    }

    func settle(_ id: String, to status: PayoutStatus, reference: String?, now: Timestamp) async throws -> PayoutRecord {
        try await store.writeEconomy { tx in
            guard let payout = try await tx.payout(id) else { throw EconomyError.payoutNotFound(id) }
            guard try await tx.settlePayout(id, status: status, reference: reference, at: now) else {
                throw EconomyError.payoutNotPending(id: id, status: payout.status)
            }
            let back: MoneyAccount = status == .paid ? .stripeClearing : .creatorPayable(payout.creator)
            _ = try await tx.postMoneyTransaction(
                MoneyTransaction(
                    idempotencyKey: "payout-\(status.rawValue):\(id)", kind: status == .paid ? .payoutPaid : .payoutFailed, reference: id,
                    user: payout.creator, at: now,
                    entries: [
                        MoneyEntry(account: .payouts, currency: payout.currency, amount: payout.amount),
                        MoneyEntry(account: back, currency: payout.currency, amount: -payout.amount),
                    ]))
            // Both outcomes are events: the creator's DM (`CreatorNotifier`) reads them.
            try await tx.appendAnalyticsEvent(
                AnalyticsEvent(
                    name: status == .paid ? "payout_paid" : "payout_failed", player: PlayerID(guild: GuildID(0), member: payout.creator),
                    at: now, properties: ["payout": id, "amount": String(payout.amount), "currency": payout.currency]))
            var settled = payout
            settled.status = status
            settled.reference = reference
            settled.settledAt = now
            return settled
        }
    }
}
