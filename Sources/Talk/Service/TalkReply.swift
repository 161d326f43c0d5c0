import Gacha

/// One finished turn, as the caller shows it.
public struct TalkReply: Sendable, Hashable {
    /// The character who answered.
    public var character: GameCharacter
    /// The character's opening line (`first_mes`) when this turn opened the conversation.
    public var opening: String?
    /// The reply, capped at the configured length.
    public var text: String
    /// The stream broke: `text` is what arrived.
    public var interrupted: Bool
    /// The reply was cut at `TalkSettings.maxReplyCharacters`.
    public var truncated: Bool
    public var usage: ChatUsage
    public var model: String
    public var costMicros: Int64
    /// The ledger row's id (the turn's idempotency key).
    public var callID: String
    /// Whether this was the member's first talk in the server.
    public var firstTalk: Bool
    /// A summary folded older turns into long-term memory before this reply.
    public var summarized: Bool
}
