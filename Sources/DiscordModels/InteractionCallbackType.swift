/// The kind of answer to an interaction.
/// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type
public enum InteractionCallbackType: DiscordEnum {
    /// ACK a ping.
    case pong
    /// Respond with a message.
    case channelMessageWithSource
    /// ACK now, edit the original message later; the user sees a loading state.
    case deferredChannelMessageWithSource
    /// Components only: ACK now, edit the message later; no loading state.
    case deferredUpdateMessage
    /// Components only: edit the message the component was attached to.
    case updateMessage
    /// Autocomplete choices.
    case applicationCommandAutocompleteResult
    /// Open a modal.
    case modal
    /// Deprecated: use a premium button.
    case premiumRequired
    /// Launch the app's activity.
    case launchActivity
    /// A value this version does not know; kept so it encodes back unchanged.
    case unknown(Int)

    public init(rawValue: Int) {
        switch rawValue {
        case 1: self = .pong
        case 4: self = .channelMessageWithSource
        case 5: self = .deferredChannelMessageWithSource
        case 6: self = .deferredUpdateMessage
        case 7: self = .updateMessage
        case 8: self = .applicationCommandAutocompleteResult
        case 9: self = .modal
        case 10: self = .premiumRequired
        case 12: self = .launchActivity
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int {
        switch self {
        case .pong: 1
        case .channelMessageWithSource: 4
        case .deferredChannelMessageWithSource: 5
        case .deferredUpdateMessage: 6
        case .updateMessage: 7
        case .applicationCommandAutocompleteResult: 8
        case .modal: 9
        case .premiumRequired: 10
        case .launchActivity: 12
        case .unknown(let raw): raw
        }
    }

    /// Every documented value.
    public static let allKnown: [InteractionCallbackType] = [.pong, .channelMessageWithSource, .deferredChannelMessageWithSource, .deferredUpdateMessage, .updateMessage, .applicationCommandAutocompleteResult, .modal, .premiumRequired, .launchActivity]
}
