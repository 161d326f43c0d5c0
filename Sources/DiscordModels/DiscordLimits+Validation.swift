// The validator's entry points: one per body the bot sends. Each walks the body once, separately
// from the encoders (their fast paths are untouched), and allocates nothing when it passes.

extension DiscordLimits {
    /// The body of `POST /interactions/{id}/{token}/callback`. Paths start at `data`.
    public static func validate(_ response: InteractionResponse) throws(DiscordLimitViolation) {
        guard let data = response.data else { return }
        try nested("data") { () throws(DiscordLimitViolation) in
            switch data {
            case .message(let message): try validate(message)
            case .autocomplete(let choices): try validate(choices: choices)
            case .modal(let modal): try validate(modal)
            }
        }
    }

    /// A callback message (type 4 or 7). Paths start at the message's fields (`content`, `embeds[0].title`).
    public static func validate(_ message: InteractionMessageData) throws(DiscordLimitViolation) {
        try self.message(
            content: message.content, embeds: message.embeds, allowedMentions: message.allowed_mentions,
            flags: message.flags, components: message.components, attachments: message.attachments)
    }

    /// The body of an edit of the original response or of a follow-up.
    public static func validate(_ edit: MessageEdit) throws(DiscordLimitViolation) {
        try message(
            content: edit.content, embeds: edit.embeds, allowedMentions: edit.allowed_mentions, flags: edit.flags,
            components: edit.components, attachments: edit.attachments)
    }

    /// The body of a follow-up message (`POST /webhooks/{application.id}/{token}`).
    public static func validate(_ webhook: ExecuteWebhook) throws(DiscordLimitViolation) {
        try message(
            content: webhook.content, embeds: webhook.embeds, allowedMentions: webhook.allowed_mentions,
            flags: webhook.flags, components: webhook.components, attachments: webhook.attachments)
    }

    /// A modal (callback type 9): `custom_id`, a title of 1 to 45 characters, 1 to 5 components.
    public static func validate(_ modal: ModalData) throws(DiscordLimitViolation) {
        try customID(modal.custom_id)
        try characters(modal.title, max: modalTitleCharacters, min: 1, "title")
        try items(modal.components.count, max: modalComponents, min: 1, "components")
        var total = 0
        try children(modal.components, total: &total)
    }

    /// Autocomplete suggestions (callback type 8): at most 25, each named in 1 to 100 characters,
    /// a string value at most 100. Paths start at `choices`.
    public static func validate(choices: [ApplicationCommandOptionChoice]) throws(DiscordLimitViolation) {
        try items(choices.count, max: autocompleteChoices, "choices")
        for (index, choice) in choices.enumerated() {
            try nested("choices", index) { () throws(DiscordLimitViolation) in
                try characters(choice.name, max: choiceNameCharacters, min: 1, "name")
                if case .string(let value) = choice.value {
                    try characters(value, max: choiceStringValueCharacters, "value")
                }
                for (locale, name) in choice.name_localizations ?? [:] {
                    do throws(DiscordLimitViolation) {
                        try characters(name, max: choiceNameCharacters, min: 1, "name_localizations")
                    } catch {
                        // The locale ("de", "pt-BR") is a key of ours, never user text.
                        throw DiscordLimitViolation(
                            rule: error.rule, limit: error.limit, actual: error.actual,
                            segments: [.key("name_localizations"), .key(locale)])
                    }
                }
            }
        }
    }

    /// The fields every message body shares.
    static func message(
        content: String?, embeds: [Embed]?, allowedMentions: AllowedMentions?, flags: MessageFlags?,
        components: [Component]?, attachments: [Attachment]?
    ) throws(DiscordLimitViolation) {
        let isComponentsV2 = flags?.contains(.isComponentsV2) ?? false
        if isComponentsV2 {
            // "The content and embeds fields will no longer work" (components reference); Discord refuses them.
            try absent(!(content ?? "").isEmpty, "content", reason: "a message with IS_COMPONENTS_V2 uses Text Displays")
            try absent(!(embeds ?? []).isEmpty, "embeds", reason: "a message with IS_COMPONENTS_V2 uses Containers")
        }
        try characters(content, max: contentCharacters, "content")
        if let embeds { try self.embeds(embeds) }
        if let components { try messageComponents(components, isComponentsV2: isComponentsV2) }
        if let attachments {
            try items(attachments.count, max: attachmentsPerMessage, "attachments")
            for (index, attachment) in attachments.enumerated() {
                try nested("attachments", index) { () throws(DiscordLimitViolation) in
                    try characters(attachment.description, max: attachmentDescriptionCharacters, "description")
                }
            }
        }
        if let allowedMentions {
            try nested("allowed_mentions") { () throws(DiscordLimitViolation) in
                try items(allowedMentions.users?.count ?? 0, max: allowedMentionIDs, "users")
                try items(allowedMentions.roles?.count ?? 0, max: allowedMentionIDs, "roles")
            }
        }
    }
}
