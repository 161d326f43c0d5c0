import Storage

/// Who said a turn of a conversation.
public enum TalkRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// The Discord member talking.
    case member
    /// The character answering (the model's reply).
    case character
}

/// One turn of a conversation. A conversation is per (member, server, character): `player` names
/// the member in one server, `characterID` the character (a base catalogue id or a pack character's
/// gacha id). `seq` orders the turns of one conversation from 1; the store refuses a second turn
/// with the same (player, character, seq).
public struct TalkTurnRecord: Sendable, Hashable, Codable {
    public var player: PlayerID
    public var characterID: String
    public var seq: Int64
    public var role: TalkRole
    public var text: String
    public var at: Timestamp
    /// `TokenEstimator`'s count for `text`, kept so budgets need not re-count the history.
    public var estimatedTokens: Int
    /// Folded into a long-term memory: no longer sent as a turn.
    public var summarized: Bool

    public init(
        player: PlayerID, characterID: String, seq: Int64, role: TalkRole, text: String, at: Timestamp,
        estimatedTokens: Int, summarized: Bool = false
    ) {
        self.player = player
        self.characterID = characterID
        self.seq = seq
        self.role = role
        self.text = text
        self.at = at
        self.estimatedTokens = estimatedTokens
        self.summarized = summarized
    }
}
