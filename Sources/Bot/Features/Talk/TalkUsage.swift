import Premium
import Storage
import Talk

/// Talk's quota for one turn, through the premium area's meters: `talk_messages` (per day) and
/// `talk_tokens` (per month). Before the model is called, a meter already at its limit refuses
/// the turn (`UsageLimitReached`, rendered with the upgrade prompt as `/roll` does); inside the
/// turn's transaction the message counts (enforcing its limit) and the reply's real tokens count
/// (past the limit if need be: the member has read that reply; the next turn is refused).
struct TalkUsage: TalkQuota {
    static let messagesMeter = "talk_messages"
    static let tokensMeter = "talk_tokens"

    let usage: PremiumUsage
    let player: PlayerID
    let tier: PremiumTier
    /// The warning the count returned, for the answer after the reply.
    let warning = UsageNoticeBox()

    func admit(at time: Timestamp) async throws {
        for meter in [Self.messagesMeter, Self.tokensMeter] where usage.meters(meter) {
            if let notice = try await usage.gate.limitReached(meter, store: usage.store, player: player, tier: tier, at: time) {
                throw UsageLimitReached(notice: notice)
            }
        }
    }

    func count(in transaction: any StoreTransaction, tokens: Int, at time: Timestamp) async throws {
        var notice: UsageNotice?
        if usage.meters(Self.messagesMeter) {
            notice = try await usage.gate.count(Self.messagesMeter, in: transaction, player: player, tier: tier, at: time)
        }
        if usage.meters(Self.tokensMeter), tokens > 0 {
            let tokensNotice = try await usage.gate.count(
                Self.tokensMeter, in: transaction, player: player, tier: tier, at: time, amount: Int64(tokens), enforcingLimit: false)
            notice = notice ?? tokensNotice
        }
        warning.set(notice)
    }
}
