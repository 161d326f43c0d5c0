/// The body of `POST /interactions/{id}/{token}/callback`.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object
public struct InteractionResponse: Sendable, Hashable, Codable {
    /// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-data-structure
    public enum CallbackData: Sendable, Hashable, Codable {
        case message(InteractionMessageData)
        case autocomplete([ApplicationCommandOptionChoice])
        case modal(ModalData)

        enum ChoicesKey: String, CodingKey { case choices }

        public init(from decoder: any Decoder) throws {
            let keyed = try decoder.container(keyedBy: ModalData.CodingKeys.self)
            if keyed.contains(.custom_id), keyed.contains(.title) {
                self = .modal(try ModalData(from: decoder))
            } else if try decoder.container(keyedBy: ChoicesKey.self).contains(.choices) {
                let choices = try decoder.container(keyedBy: ChoicesKey.self)
                self = .autocomplete(try choices.decode([ApplicationCommandOptionChoice].self, forKey: .choices))
            } else {
                self = .message(try InteractionMessageData(from: decoder))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .message(let data): try data.encode(to: encoder)
            case .modal(let data): try data.encode(to: encoder)
            case .autocomplete(let choices):
                var container = encoder.container(keyedBy: ChoicesKey.self)
                try container.encode(choices, forKey: .choices)
            }
        }
    }

    public var type: InteractionCallbackType
    public var data: CallbackData?

    public init(type: InteractionCallbackType, data: CallbackData? = nil) {
        self.type = type
        self.data = data
    }

    /// Type 1, for a ping.
    public static let pong = InteractionResponse(type: .pong)

    /// Type 4: reply with a message.
    public static func message(_ data: InteractionMessageData) -> InteractionResponse {
        InteractionResponse(type: .channelMessageWithSource, data: .message(data))
    }

    /// Type 5: "Bot is thinking…", edit the original later. `ephemeral` hides the eventual reply.
    public static func deferredMessage(ephemeral: Bool = false) -> InteractionResponse {
        InteractionResponse(
            type: .deferredChannelMessageWithSource,
            data: ephemeral ? .message(InteractionMessageData(flags: .ephemeral)) : nil)
    }

    /// Type 6: acknowledge a component, edit its message later.
    public static let deferredUpdate = InteractionResponse(type: .deferredUpdateMessage)

    /// Type 7: edit the message the component is on.
    public static func updateMessage(_ data: InteractionMessageData) -> InteractionResponse {
        InteractionResponse(type: .updateMessage, data: .message(data))
    }

    /// Type 8: autocomplete suggestions (at most 25).
    public static func autocomplete(_ choices: [ApplicationCommandOptionChoice]) -> InteractionResponse {
        InteractionResponse(type: .applicationCommandAutocompleteResult, data: .autocomplete(choices))
    }

    /// Type 9: open a modal.
    public static func modal(_ modal: ModalData) -> InteractionResponse {
        InteractionResponse(type: .modal, data: .modal(modal))
    }
}

/// Message content of a callback of type 4 or 7 (and the `flags` of type 5).
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-messages
public struct InteractionMessageData: Sendable, Hashable, Codable {
    public var tts: Bool?
    public var content: String?
    public var embeds: [Embed]?
    public var allowed_mentions: AllowedMentions?
    /// Only `ephemeral`, `suppressEmbeds`, `suppressNotifications`, `isComponentsV2` may be set.
    public var flags: MessageFlags?
    public var components: [Component]?
    /// Partial attachments for uploaded files (`files[n]`), or existing ones to keep (type 7).
    public var attachments: [Attachment]?

    public init(
        tts: Bool? = nil, content: String? = nil, embeds: [Embed]? = nil, allowed_mentions: AllowedMentions? = nil,
        flags: MessageFlags? = nil, components: [Component]? = nil, attachments: [Attachment]? = nil
    ) {
        self.tts = tts
        self.content = content
        self.embeds = embeds
        self.allowed_mentions = allowed_mentions
        self.flags = flags
        self.components = components
        self.attachments = attachments
    }
}

/// A modal to open (callback type 9).
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
public struct ModalData: Sendable, Hashable, Codable {
    public var custom_id: String
    public var title: String
    /// Labels (wrapping inputs), text displays, or legacy action rows of text inputs; 1 to 5.
    public var components: [Component]

    public init(custom_id: String, title: String, components: [Component]) {
        self.custom_id = custom_id
        self.title = title
        self.components = components
    }

    enum CodingKeys: String, CodingKey { case custom_id, title, components }

    public static let maxTitleLength = 45
    public static let maxComponents = 5
}

/// A choice of a command option, also an autocomplete suggestion.
/// https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure
public struct ApplicationCommandOptionChoice: Sendable, Hashable, Codable {
    public var name: String
    public var name_localizations: [String: String]?
    /// A string, integer or number, matching the option's type.
    public var value: OptionValue

    public init(name: String, name_localizations: [String: String]? = nil, value: OptionValue) {
        self.name = name
        self.name_localizations = name_localizations
        self.value = value
    }

    public static let maxChoices = 25
}
