import DiscordModels

extension InteractionContext {
    /// The file a member attached to the attachment option `name` (type 11): the option holds its
    /// id, `data.resolved.attachments` the attachment. Nil when the option is missing; throws when
    /// the id is not resolved (an interaction Discord would not send).
    func attachment(named name: String) throws -> Attachment? {
        guard let data = interaction.commandData, let option = data.option(named: name) else { return nil }
        let id: AttachmentID?
        switch option.value {
        case .string(let text)?: id = AttachmentID(text)
        case .integer(let number)? where number >= 0: id = AttachmentID(UInt64(number))
        default: id = nil
        }
        guard let id, let attachment = data.resolved?.attachments?[id] else {
            throw UserMessageError("The file for `\(name)` did not arrive with the command. Please attach it again.")
        }
        return attachment
    }
}
