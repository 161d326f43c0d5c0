/// Premium access a user or guild has to an SKU (ENTITLEMENT_CREATE/UPDATE/DELETE,
/// `interaction.entitlements`).
/// https://discord.com/developers/docs/resources/entitlement#entitlement-object
public struct Entitlement: Sendable, Hashable, Codable {
    public var id: EntitlementID
    public var sku_id: SKUID
    public var application_id: ApplicationID
    public var user_id: UserID?
    public var guild_id: GuildID?
    public var type: EntitlementType
    public var deleted: Bool
    public var starts_at: DiscordTimestamp?
    public var ends_at: DiscordTimestamp?
    /// Consumable SKUs: whether it has been consumed.
    public var consumed: Bool?

    public init(
        id: EntitlementID, sku_id: SKUID, application_id: ApplicationID, user_id: UserID? = nil,
        guild_id: GuildID? = nil, type: EntitlementType, deleted: Bool = false, starts_at: DiscordTimestamp? = nil,
        ends_at: DiscordTimestamp? = nil, consumed: Bool? = nil
    ) {
        self.id = id
        self.sku_id = sku_id
        self.application_id = application_id
        self.user_id = user_id
        self.guild_id = guild_id
        self.type = type
        self.deleted = deleted
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.consumed = consumed
    }
}
