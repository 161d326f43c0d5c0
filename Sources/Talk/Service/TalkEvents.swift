import Storage

/// The talk area's analytics events, appended in the transaction of the turn they describe.
extension EventName {
    /// The member's first turn in a server, with any character (once per member and server).
    public static let firstTalk: EventName = "first_talk"
    /// One turn: the member spoke and the character answered.
    public static let talk: EventName = "talk"
    /// One model call's tokens and cost (replies and summaries).
    public static let aiTokens: EventName = "ai_tokens"
}
