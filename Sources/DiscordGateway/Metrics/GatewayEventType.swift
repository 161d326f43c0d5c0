/// The dispatch names counted under their own label; any other is counted as `other`, so a new
/// event Discord adds can never grow the label set.
public enum GatewayEventType: Int, CaseIterable, Sendable {
    case ready, resumed, interactionCreate, guildCreate, guildUpdate, guildDelete, guildMemberAdd, guildMemberRemove
    case messageCreate, entitlementCreate, entitlementUpdate, entitlementDelete, rateLimited, other

    /// The label value: Discord's own spelling of the event, or `other`.
    public var label: String {
        switch self {
        case .ready: "READY"
        case .resumed: "RESUMED"
        case .interactionCreate: "INTERACTION_CREATE"
        case .guildCreate: "GUILD_CREATE"
        case .guildUpdate: "GUILD_UPDATE"
        case .guildDelete: "GUILD_DELETE"
        case .guildMemberAdd: "GUILD_MEMBER_ADD"
        case .guildMemberRemove: "GUILD_MEMBER_REMOVE"
        case .messageCreate: "MESSAGE_CREATE"
        case .entitlementCreate: "ENTITLEMENT_CREATE"
        case .entitlementUpdate: "ENTITLEMENT_UPDATE"
        case .entitlementDelete: "ENTITLEMENT_DELETE"
        case .rateLimited: "RATE_LIMITED"
        case .other: "other"
        }
    }

    /// The type of a dispatch name: a switch of string comparisons (no hashing, no allocation).
    public init(name: String) {
        switch name {
        case "INTERACTION_CREATE": self = .interactionCreate
        case "GUILD_CREATE": self = .guildCreate
        case "MESSAGE_CREATE": self = .messageCreate
        case "GUILD_MEMBER_ADD": self = .guildMemberAdd
        case "GUILD_MEMBER_REMOVE": self = .guildMemberRemove
        case "GUILD_UPDATE": self = .guildUpdate
        case "GUILD_DELETE": self = .guildDelete
        case "READY": self = .ready
        case "RESUMED": self = .resumed
        case "ENTITLEMENT_CREATE": self = .entitlementCreate
        case "ENTITLEMENT_UPDATE": self = .entitlementUpdate
        case "ENTITLEMENT_DELETE": self = .entitlementDelete
        case "RATE_LIMITED": self = .rateLimited
        default: self = .other
        }
    }
}
