import DiscordModels
import Synchronization

/// Each guild's owner, as the gateway's GUILD_CREATE said. The bot already subscribes to
/// GUILD_CREATE (sent for every guild after READY and on join), so this costs no request; a REST
/// fetch per `/owner` call would spend a rate-limited request to learn what the gateway told us.
/// An owner change while connected (rare) shows at the next GUILD_CREATE; until then the old
/// owner keeps access only if Discord still gives them Manage Server. One id per guild.
public final class GuildOwners: Sendable {
    private let owners = Mutex<[GuildID: UserID]>([:])

    public init() {}

    /// Records the owner a GUILD_CREATE named (a guild without one, unavailable, is skipped).
    public func record(_ guild: GuildCreateSummary) {
        guard let owner = guild.owner_id else { return }
        owners.withLock { $0[guild.id] = owner }
    }

    /// Forgets a guild the bot left (GUILD_DELETE without `unavailable`).
    public func forget(_ guild: GuildID) {
        owners.withLock { _ = $0.removeValue(forKey: guild) }
    }

    public func owner(of guild: GuildID) -> UserID? {
        owners.withLock { $0[guild] }
    }

    /// Applies a gateway dispatch; other events are ignored.
    public func apply(_ dispatch: GatewayDispatch) {
        switch dispatch {
        case .guildCreate(let guild): record(GuildCreateSummary(guild))
        case .guildCreateSummary(let guild): record(guild)
        case .guildDelete(let guild) where guild.unavailable != true: forget(guild.id)
        default: break
        }
    }
}
