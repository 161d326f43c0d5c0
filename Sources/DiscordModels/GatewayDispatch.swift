import Foundation

/// A decoded dispatch (op 0) event. Only the events the bot uses are modelled; others are
/// `.other(name:)` and cost no decoding.
/// https://discord.com/developers/docs/events/gateway-events#receive-events
public enum GatewayDispatch: Sendable, Hashable {
    case ready(Ready)
    case resumed
    case guildCreate(GuildCreate)
    /// GUILD_CREATE decoded with `GuildCreateDetail.summary`.
    case guildCreateSummary(GuildCreateSummary)
    case guildDelete(UnavailableGuild)
    case interactionCreate(Interaction)
    case entitlementCreate(Entitlement)
    case entitlementUpdate(Entitlement)
    case entitlementDelete(Entitlement)
    case rateLimited(RateLimited)
    case messageCreate(Message)
    case other(name: String)

    /// The event names decoded into a typed case.
    public static let knownEventNames: Set<String> = [
        "READY", "RESUMED", "GUILD_CREATE", "GUILD_DELETE", "INTERACTION_CREATE", "ENTITLEMENT_CREATE",
        "ENTITLEMENT_UPDATE", "ENTITLEMENT_DELETE", "RATE_LIMITED", "MESSAGE_CREATE",
    ]

    public var eventName: String {
        switch self {
        case .ready: "READY"
        case .resumed: "RESUMED"
        case .guildCreate, .guildCreateSummary: "GUILD_CREATE"
        case .guildDelete: "GUILD_DELETE"
        case .interactionCreate: "INTERACTION_CREATE"
        case .entitlementCreate: "ENTITLEMENT_CREATE"
        case .entitlementUpdate: "ENTITLEMENT_UPDATE"
        case .entitlementDelete: "ENTITLEMENT_DELETE"
        case .rateLimited: "RATE_LIMITED"
        case .messageCreate: "MESSAGE_CREATE"
        case .other(let name): name
        }
    }

    /// How much of GUILD_CREATE to decode: the whole `GuildCreate` (channels and roles through
    /// `JSONDecoder`), or only the guild's own fields (`GuildCreateSummary`, read by the byte
    /// scanner, about 20 times cheaper for a guild with a few dozen channels).
    public enum GuildCreateDetail: Sendable, Hashable {
        case full
        case summary
    }

    /// Decodes the `d` bytes of a dispatch named `eventName`. INTERACTION_CREATE is first read by
    /// `Interaction.decodeFast`, which returns what a default `JSONDecoder` would; pass `decoder`
    /// to have every event decoded by it alone.
    public static func decode(
        eventName: String, data: Data, guildCreate detail: GuildCreateDetail = .full, decoder: JSONDecoder? = nil
    ) throws -> GatewayDispatch {
        if decoder == nil, eventName == "INTERACTION_CREATE", let interaction = data.withUnsafeBytes(Interaction.decodeFast) {
            return .interactionCreate(interaction)
        }
        let decoder = decoder ?? JSONDecoder()
        switch eventName {
        case "READY": return .ready(try decoder.decode(Ready.self, from: data))
        case "RESUMED": return .resumed
        case "GUILD_CREATE":
            switch detail {
            case .full: return .guildCreate(try decoder.decode(GuildCreate.self, from: data))
            case .summary: return .guildCreateSummary(try GuildCreateSummary.decode(data))
            }
        case "GUILD_DELETE": return .guildDelete(try decoder.decode(UnavailableGuild.self, from: data))
        case "INTERACTION_CREATE": return .interactionCreate(try decoder.decode(Interaction.self, from: data))
        case "ENTITLEMENT_CREATE": return .entitlementCreate(try decoder.decode(Entitlement.self, from: data))
        case "ENTITLEMENT_UPDATE": return .entitlementUpdate(try decoder.decode(Entitlement.self, from: data))
        case "ENTITLEMENT_DELETE": return .entitlementDelete(try decoder.decode(Entitlement.self, from: data))
        case "RATE_LIMITED": return .rateLimited(try decoder.decode(RateLimited.self, from: data))
        case "MESSAGE_CREATE": return .messageCreate(try decoder.decode(Message.self, from: data))
        default: return .other(name: eventName)
        }
    }

    public static func decode(
        eventName: String, data: some Sequence<UInt8>, guildCreate detail: GuildCreateDetail = .full
    ) throws -> GatewayDispatch {
        if detail == .summary, eventName == "GUILD_CREATE" {
            // No `Data` copy on the path the bot takes for every guild.
            if let summary = try data.withContiguousStorageIfAvailable({ buffer in
                try GuildCreateSummary.decode(UnsafeRawBufferPointer(buffer))
            }) {
                return .guildCreateSummary(summary)
            }
        }
        if eventName == "INTERACTION_CREATE",
            let interaction = data.withContiguousStorageIfAvailable({ Interaction.decodeFast(UnsafeRawBufferPointer($0)) })
        {
            // Read in place (the shard hands over an array); on a decline, JSONDecoder, not the fast path again.
            return .interactionCreate(try interaction ?? JSONDecoder().decode(Interaction.self, from: Data(data)))
        }
        return try decode(eventName: eventName, data: Data(data), guildCreate: detail)
    }

    /// Decodes the dispatch of a whole gateway payload whose header was pre-scanned.
    public static func decode(header: GatewayFrameHeader, payload: [UInt8]) throws -> GatewayDispatch? {
        guard header.op == .dispatch, let name = header.eventName else { return nil }
        guard knownEventNames.contains(name) else { return .other(name: name) }
        guard let d = header.data(in: payload) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "dispatch \(name) without d"))
        }
        return try decode(eventName: name, data: Data(d))
    }
}
