/// Why a turn did not happen. Each case says what the member can do; none holds a key, a prompt
/// or the provider's own words (`provider` keeps the model's error for the operator's log only).
public enum TalkError: Error, Sendable, Hashable {
    /// The member owns no character matching what they sent.
    case notOwned(query: String)
    /// The message was empty or only whitespace.
    case emptyMessage
    /// The message has more characters than allowed.
    case messageTooLong(characters: Int, limit: Int)
    /// The member sent too many messages lately; they may talk again after `retryAfter`.
    case rateLimited(retryAfter: Duration)
    /// A reply to this member is still being written (or the bot is at its limit of replies at once).
    case busy
    /// The model gave no reply. A failed call was recorded in the ledger.
    case provider(ChatModelError)
    /// This interaction's turn was already answered (a replayed interaction).
    case alreadyAnswered
}
