import Storage

/// Usage limits on talk, supplied per turn by whoever knows the member's tier (the bot, through
/// the premium area's meters). The talk area knows no tiers: it asks before calling the model,
/// and counts inside the turn's transaction, so the count commits with the turn or not at all.
public protocol TalkQuota: Sendable {
    /// Before the model is called: throws (the caller's error) when a limit is already reached.
    func admit(at time: Timestamp) async throws
    /// Inside the turn's transaction, with the reply's usage: counts one message and its tokens.
    /// May be run again when the transaction body is re-run.
    func count(in transaction: any StoreTransaction, tokens: Int, at time: Timestamp) async throws
}
