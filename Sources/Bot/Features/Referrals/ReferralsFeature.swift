import DiscordModels
import Economy
import Packs
import Storage

/// Referral codes: `/creator referral pack:` gives a creator the code of one of their published
/// packs, and `/packs redeem code:` attributes the member to that creator (docs/economy.md,
/// "Referrals"). Both answers are private. A store without the economy contract has no referrals:
/// the commands then say so.
struct ReferralsFeature: BotFeature {
    let name = "Referrals"
    let referrals: ReferralService?
    let packs: PackService
    let windowDays: Int64

    func register(in routes: inout FeatureRoutes) {
        routes.command("creator referral", ephemeral: true) { context in try await code(context) }
        routes.command("packs redeem", ephemeral: true) { context in try await redeem(context) }
        routes.autocomplete("creator referral") { context in try await suggestPublishedOwnPacks(context) }
    }

    func service() throws -> ReferralService {
        guard let referrals else { throw UserMessageError("Referral codes aren't available on this bot.") }
        return referrals
    }

    func code(_ context: InteractionContext) async throws {
        let referrals = try service()
        let creator = try context.player().member
        let mine = try await packs.mine(creator: creator).map(\.pack)
        let id = try PacksFeature.resolve(context.stringOption("pack"), among: mine)
        let name = mine.first { $0.id == id }.map { PackText.inline($0.name, limit: 64) } ?? "`\(id.rawValue)`"
        let code = try await referrals.code(for: id.rawValue, creator: creator)
        try await context.replyPrivately(
            "🔗 Your referral code for **\(name)**: `\(code.code)`\n"
                + "Members redeem it with `/packs redeem code:\(code.code)`. If one starts Pro within \(windowDays) days, "
                + "you earn a commission on their payment (see `/creator earnings`).")
    }

    func redeem(_ context: InteractionContext) async throws {
        let referrals = try service()
        let member = try context.player()
        let referral = try await referrals.redeem(context.stringOption("code"), member: member.member, guild: member.guild)
        let pack = (try? await packs.view(pack: PackID(referral.packID), viewer: member.member)).map { PackText.inline($0.summary.pack.name, limit: 64) }
        try await context.replyPrivately(
            "✅ Code `\(referral.code)` redeemed: you're supporting <@\(referral.creator.rawValue)>"
                + (pack.map { ", creator of **\($0)**" } ?? "") + ". If you start Pro within \(windowDays) days, part of your "
                + "first payment goes to them. Each member can redeem one code, once.")
    }

    /// The member's own published packs whose name holds what they typed.
    func suggestPublishedOwnPacks(_ context: InteractionContext) async throws {
        let owned = try await packs.autocomplete(context.focusedText, creator: try context.player().member)
        try await context.autocomplete(owned.filter { $0.status == .published }.map { PacksFeature.choice($0, note: nil) })
    }
}
