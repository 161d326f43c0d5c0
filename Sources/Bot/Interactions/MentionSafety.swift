import DiscordModels

/// User-supplied text (character names, pack titles, AI replies) ends up in our messages; it must
/// never ping `@everyone`, `@here` or a role. Every outgoing message passes through here: at most
/// explicitly listed users may be pinged.
enum MentionSafety {
    static func sanitize(_ mentions: AllowedMentions?) -> AllowedMentions {
        guard let mentions else { return .none }
        // Only explicit user ids survive; `parse` never contains everyone or roles.
        let users = mentions.users ?? []
        return AllowedMentions(parse: [], roles: nil, users: users.isEmpty ? nil : users, replied_user: mentions.replied_user)
    }

    static func sanitize(_ data: InteractionMessageData) -> InteractionMessageData {
        var data = data
        data.allowed_mentions = sanitize(data.allowed_mentions)
        return data
    }

    static func sanitize(_ edit: MessageEdit) -> MessageEdit {
        var edit = edit
        edit.allowed_mentions = sanitize(edit.allowed_mentions)
        return edit
    }

    static func sanitize(_ response: InteractionResponse) -> InteractionResponse {
        guard case .message(let data)? = response.data else { return response }
        return InteractionResponse(type: response.type, data: .message(sanitize(data)))
    }
}
