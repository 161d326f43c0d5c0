import DiscordModels
import Premium
import Storage

/// The member's tier on the interaction path: Pro when the interaction itself carries an active
/// Pro entitlement (Discord sends the member's and the server's with each one, so a server
/// subscription counts for every member), else the merged answer of every source, cached.
struct ProAccess: Sendable {
    let entitlements: EntitlementService
    let skus: DiscordSKUs

    func tier(_ context: InteractionContext, at time: Timestamp) async throws -> PremiumTier {
        let carried = context.interaction.entitlements ?? []
        if carried.contains(where: { DiscordGrant($0, skus: skus)?.grantsPro(at: time) == true }) { return .pro }
        guard let user = context.userID else { return .free }
        let guild = context.interaction.guild_id.map { Storage.GuildID($0.rawValue) }
        return try await entitlements.isPro(user: MemberID(user.rawValue), guild: guild, at: time) ? .pro : .free
    }
}
