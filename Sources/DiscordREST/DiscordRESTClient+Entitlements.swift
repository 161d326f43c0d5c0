import DiscordModels

/// App monetization: reading who holds which SKU, and using up consumables.
extension DiscordRESTClient {
    /// One page of the application's entitlements, oldest first after `after` (Discord pages by
    /// snowflake; at most 100 per page). Ended and deleted ones are left out unless asked for.
    /// https://discord.com/developers/docs/resources/entitlement#list-entitlements
    public func listEntitlements(
        applicationID: ApplicationID, userID: UserID? = nil, guildID: GuildID? = nil, skuIDs: [SKUID] = [],
        after: EntitlementID? = nil, limit: Int = 100, excludeEnded: Bool = true, excludeDeleted: Bool = true
    ) async throws(DiscordRESTError) -> [Entitlement] {
        var query: [(name: String, value: String)] = [("limit", String(min(max(limit, 1), 100)))]
        if let userID { query.append(("user_id", userID.description)) }
        if let guildID { query.append(("guild_id", guildID.description)) }
        if !skuIDs.isEmpty { query.append(("sku_ids", skuIDs.map(\.description).joined(separator: ","))) }
        if let after { query.append(("after", after.description)) }
        query.append(("exclude_ended", String(excludeEnded)))
        query.append(("exclude_deleted", String(excludeDeleted)))
        return try await send(DiscordRequest(route: .listEntitlements(applicationID: applicationID), query: query), decoding: [Entitlement].self)
    }

    /// Every entitlement, page after page (for the reconciliation at start-up).
    public func allEntitlements(
        applicationID: ApplicationID, excludeEnded: Bool = true, excludeDeleted: Bool = true
    ) async throws(DiscordRESTError) -> [Entitlement] {
        var all: [Entitlement] = []
        var after: EntitlementID?
        while true {
            let page = try await listEntitlements(
                applicationID: applicationID, after: after, limit: 100, excludeEnded: excludeEnded, excludeDeleted: excludeDeleted)
            all.append(contentsOf: page)
            guard page.count == 100, let last = page.map(\.id).max() else { return all }
            after = last
        }
    }

    /// Marks a consumable entitlement as used (answered 204). Consuming twice is refused by Discord.
    /// https://discord.com/developers/docs/resources/entitlement#consume-an-entitlement
    public func consumeEntitlement(applicationID: ApplicationID, entitlementID: EntitlementID) async throws(DiscordRESTError) {
        _ = try await send(DiscordRequest(route: .consumeEntitlement(applicationID: applicationID, entitlementID: entitlementID)))
    }
}
