import NIOHTTP1

/// The endpoint family a request belongs to, as a metric label: one per route the bot calls
/// (`Route+Endpoints`), `other` for a route built by hand. Never the path, which holds ids and
/// interaction tokens.
public enum RouteBucket: Int, CaseIterable, Sendable {
    case gatewayBot, currentUser, currentApplication, createDM, createMessage, getMessage, interactionCallback
    case originalResponse, followupCreate, followupMessage, globalCommands, guildCommands, listEntitlements
    case consumeEntitlement, other

    public var label: String {
        switch self {
        case .gatewayBot: "gateway_bot"
        case .currentUser: "current_user"
        case .currentApplication: "current_application"
        case .createDM: "create_dm"
        case .createMessage: "create_message"
        case .getMessage: "get_message"
        case .interactionCallback: "interaction_callback"
        case .originalResponse: "original_response"
        case .followupCreate: "followup_create"
        case .followupMessage: "followup_message"
        case .globalCommands: "global_commands"
        case .guildCommands: "guild_commands"
        case .listEntitlements: "list_entitlements"
        case .consumeEntitlement: "consume_entitlement"
        case .other: "other"
        }
    }

    /// The methods the bot uses on this route; each gets its series up front (another method is
    /// counted under `other`).
    var methods: [HTTPMethod] {
        switch self {
        case .gatewayBot, .currentUser, .currentApplication, .getMessage, .listEntitlements: [.GET]
        case .createDM, .createMessage, .interactionCallback, .followupCreate, .consumeEntitlement: [.POST]
        case .originalResponse, .followupMessage: [.GET, .PATCH, .DELETE]
        case .globalCommands, .guildCommands: [.GET, .PUT, .POST]
        case .other: [.GET, .POST, .PUT, .PATCH, .DELETE]
        }
    }
}
