import DiscordModels
import DiscordREST
import Foundation
import Gacha
import Logging
import Premium
import Storage
import Synchronization

/// Keeps the entitlement model (source `discord`) in step with Discord: from the entitlements
/// every interaction carries, from ENTITLEMENT_CREATE|UPDATE|DELETE, and from the full listing
/// at start-up. Each change invalidates the member's cached Pro answer. Consumables (extra rolls)
/// are granted once per entitlement id, then consumed.
final class DiscordEntitlementSync: Sendable {
    let entitlements: EntitlementService
    let store: any PremiumStore
    let game: GachaGame
    let skus: DiscordSKUs
    let rest: DiscordRESTClient?
    let now: @Sendable () -> Timestamp
    let logger: Logger
    /// What was last written per entitlement id, so an interaction that carries an entitlement
    /// already known costs no store write.
    private let known = Mutex<[UInt64: DiscordGrant]>([:])

    init(
        entitlements: EntitlementService, store: any PremiumStore, game: GachaGame, skus: DiscordSKUs, rest: DiscordRESTClient?,
        now: @escaping @Sendable () -> Timestamp, logger: Logger
    ) {
        self.entitlements = entitlements
        self.store = store
        self.game = game
        self.skus = skus
        self.rest = rest
        self.now = now
        self.logger = logger
    }

    // MARK: Sources

    /// The entitlements an interaction carries (Discord sends the active ones of the member and
    /// the server with each). Only new or changed ones are written; consumables are granted to
    /// the member in the interaction's server. A failure is logged: the interaction goes on.
    func observe(_ interaction: Interaction) async {
        guard let carried = interaction.entitlements, !carried.isEmpty else { return }
        for entitlement in carried {
            guard let grant = DiscordGrant(entitlement, skus: skus) else { continue }
            do {
                switch grant.what {
                case .pro:
                    try await record(grant)
                case .extraRolls(let count):
                    guard !grant.consumed, !grant.deleted, let guild = interaction.guild_id, let user = grant.user ?? interaction.invoker?.id else {
                        continue
                    }
                    try await grantRolls(
                        grant, count: count, player: PlayerID(guild: Storage.GuildID(guild.rawValue), member: MemberID(user.rawValue)),
                        applicationID: interaction.application_id)
                }
            } catch {
                logger.error("could not apply a Discord entitlement", metadata: ["entitlement": "\(entitlement.id)", "error": "\(error)"])
            }
        }
    }

    /// ENTITLEMENT_CREATE, ENTITLEMENT_UPDATE, ENTITLEMENT_DELETE. A consumable's grant waits for
    /// the member's next interaction in a server: the event names no server to grant the rolls in.
    func apply(_ event: GatewayDispatch) async {
        let entitlement: Entitlement
        var deleted = false
        switch event {
        case .entitlementCreate(let e), .entitlementUpdate(let e): entitlement = e
        case .entitlementDelete(let e):
            entitlement = e
            deleted = true
        default: return
        }
        guard var grant = DiscordGrant(entitlement, skus: skus) else {
            logger.notice("an entitlement of an SKU not configured", metadata: ["sku": "\(entitlement.sku_id)"])
            return
        }
        grant.deleted = grant.deleted || deleted
        guard case .pro = grant.what else { return }
        do {
            try await record(grant)
        } catch {
            logger.error("could not apply a Discord entitlement event", metadata: ["entitlement": "\(entitlement.id)", "error": "\(error)"])
        }
    }

    /// Reads every entitlement of the application (ended and deleted ones too, so a refund missed
    /// while the bot was down is applied) and records the Pro ones.
    func reconcile(applicationID: ApplicationID) async throws -> Int {
        guard let rest else { return 0 }
        let all = try await rest.allEntitlements(applicationID: applicationID, excludeEnded: false, excludeDeleted: false)
        var recorded = 0
        for entitlement in all {
            guard let grant = DiscordGrant(entitlement, skus: skus), case .pro = grant.what else { continue }
            try await record(grant)
            recorded += 1
        }
        return recorded
    }

    // MARK: Writing

    /// Writes the grant as the user's `discord` entitlement unless it is already known. A removed
    /// one never comes back: a late copy of an entitlement Discord deleted stays revoked.
    func record(_ grant: DiscordGrant) async throws {
        guard known.withLock({ $0[grant.entitlementID.rawValue] }) != grant else { return }
        guard let record = grant.record(updatedAt: now()) else {
            // A server subscription with no buyer named: only the interactions of that server,
            // which carry it, make its members Pro (see `ProAccess`).
            known.withLock { $0[grant.entitlementID.rawValue] = grant }
            return
        }
        try await store.writePremium { tx in
            if let stored = try await tx.entitlement(source: .discord, sourceID: record.sourceID), stored.status.isTerminal {
                return
            }
            try await tx.upsertEntitlement(record)
        }
        known.withLock { $0[grant.entitlementID.rawValue] = grant }
        entitlements.invalidate(user: record.user)
    }

    /// Adds the purchase's rolls once (keyed by the entitlement id), then tells Discord it is used.
    /// Consumed already (a repeat after a crash between the two) is fine: the grant was kept.
    private func grantRolls(_ grant: DiscordGrant, count: Int, player: PlayerID, applicationID: ApplicationID) async throws {
        _ = try await game.shop.grantPurchasedRolls(
            player, count: count, idempotencyKey: IdempotencyKey("discord-entitlement:\(grant.entitlementID.rawValue)"))
        guard let rest else { return }
        do {
            try await rest.consumeEntitlement(applicationID: applicationID, entitlementID: grant.entitlementID)
        } catch {
            logger.notice("a Discord purchase was granted but not consumed", metadata: ["entitlement": "\(grant.entitlementID)", "error": "\(error)"])
        }
    }
}
