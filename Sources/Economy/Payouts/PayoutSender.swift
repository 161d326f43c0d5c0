/// Sends a requested payout's money to the creator. The ledger has already moved the amount from
/// the creator's payable to `payouts`; the sender says whether the money left.
///
/// Stripe Connect would implement this (docs/economy.md, "Stripe Connect"): each creator onboards
/// an Express account (`POST /v1/accounts`, then an Account Link), the bot stores the `acct_…` id
/// per creator, and `send` creates a Transfer (`POST /v1/transfers` with `destination`, `amount`,
/// `currency` and `Idempotency-Key: payout-ID`), returning `.sent(transferID)`; the
/// `transfer.reversed` and `payout.failed` webhooks then mark it failed.
public protocol PayoutSender: Sendable {
    func send(_ payout: PayoutRecord) async throws -> PayoutSendResult
}

public enum PayoutSendResult: Sendable, Equatable {
    /// The money left; the reference is the transfer's id. The payout is marked paid.
    case sent(reference: String)
    /// An operator sends it by hand and settles it with `gachabot payouts mark-paid|fail`.
    case awaitingOperator
}

/// Leaves every payout pending for an operator: the default until Stripe Connect exists.
public struct ManualPayoutSender: PayoutSender {
    public init() {}
    public func send(_ payout: PayoutRecord) async throws -> PayoutSendResult { .awaitingOperator }
}
