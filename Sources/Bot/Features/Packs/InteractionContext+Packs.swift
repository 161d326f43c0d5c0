import DiscordModels

extension InteractionContext {
    /// Whether the member may manage the server (Manage Server or Administrator), as Discord
    /// computed it for this interaction. Checked on our side: a command's default permissions are
    /// only a default that server admins can change, and they cover `/packs` as a whole.
    var memberCanManageGuild: Bool {
        guard let permissions = interaction.member?.permissions else { return false }
        return permissions.contains(.manageGuild) || permissions.contains(.administrator)
    }

    /// An integer option of the invoked subcommand.
    func integerOption(_ name: String) -> Int64? {
        interaction.commandData?.option(named: name)?.value?.intValue
    }

    /// A string option of the invoked subcommand, nil when it is missing or blank.
    func optionalString(_ name: String) -> String? {
        guard case .string(let value)? = interaction.commandData?.option(named: name)?.value else { return nil }
        return value.allSatisfy(\.isWhitespace) ? nil : value
    }

    /// What the member is typing into the focused option (autocomplete).
    var focusedText: String {
        if case .string(let typed)? = interaction.commandData?.focusedOption?.value { return typed }
        return ""
    }
}
