/// A guild that is not (yet) available: in READY, and GUILD_DELETE's payload (`unavailable` absent
/// or false when the bot was removed; true on an outage).
/// https://discord.com/developers/docs/resources/guild#unavailable-guild-object
public struct UnavailableGuild: Sendable, Hashable, Codable {
    public var id: GuildID
    public var unavailable: Bool?

    public init(id: GuildID, unavailable: Bool? = true) {
        self.id = id
        self.unavailable = unavailable
    }

    /// GUILD_DELETE without `unavailable: true`: the bot left or was removed.
    public var botWasRemoved: Bool { unavailable != true }
}
