import DiscordModels
import Storage

/// What the game's handlers read from an interaction: who plays, the operation's key, options.
extension InteractionContext {
    /// The member and guild an interaction speaks for. The game lives in servers only.
    func player() throws -> PlayerID {
        guard let guild = interaction.guild_id, let user = userID else {
            throw UserMessageError("Gachabot's game is played in servers: use this command in a server channel.")
        }
        return PlayerID(guild: Storage.GuildID(guild.rawValue), member: MemberID(user.rawValue))
    }

    /// The interaction id: Discord replays an event with the same id, so an operation keyed by it
    /// happens once.
    var idempotencyKey: IdempotencyKey {
        IdempotencyKey("interaction:\(interaction.id.rawValue)")
    }

    /// A string option of the invoked (sub)command, or "" when it is missing.
    func stringOption(_ name: String) -> String {
        if case .string(let value)? = interaction.commandData?.option(named: name)?.value { return value }
        return ""
    }
}
