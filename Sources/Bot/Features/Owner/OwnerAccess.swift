import DiscordModels

/// Who may run `/owner`: the guild's owner, and members with Manage Server (or Administrator,
/// which implies it). Checked by the bot on every call, from the interaction itself (the member's
/// permissions in the channel, which Discord computes with overwrites) and the owner id the
/// gateway gave us. `default_member_permissions` in Commands/owner.json only hides the command
/// from others: a server admin can override it, so it is never relied on.
enum OwnerAccess {
    enum Decision: Equatable {
        case owner
        case manageGuild
        case refused(String)
    }

    static let refusal = "Only the server's owner and members with the Manage Server permission can see its analytics."

    static func decide(_ interaction: Interaction, owners: GuildOwners) -> Decision {
        guard let guild = interaction.guild_id, let member = interaction.member, let user = member.user else {
            return .refused("Server analytics are shown in the server they describe: run /owner in one of its channels.")
        }
        if owners.owner(of: guild) == user.id { return .owner }
        let permissions = member.permissions ?? []
        if permissions.contains(.administrator) || permissions.contains(.manageGuild) { return .manageGuild }
        return .refused(refusal)
    }

    /// The guild the caller may see, or a user-facing refusal.
    static func check(_ interaction: Interaction, owners: GuildOwners) throws(UserMessageError) -> GuildID {
        if case .refused(let message) = decide(interaction, owners: owners) { throw UserMessageError(message) }
        guard let guild = interaction.guild_id else { throw UserMessageError(refusal) }
        return guild
    }
}
