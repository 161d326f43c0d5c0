import DiscordModels
import Foundation
import Packs
import Storage

/// What server managers and members do with a pack: enable, disable, rate, report.
extension PacksFeature {
    func enable(_ context: InteractionContext) async throws {
        let manager = try context.player()
        try requireManageGuild(context, to: "enable packs")
        let id = try await resolveVisiblePack(context.stringOption("pack"), viewer: manager.member)
        let name = try await packName(id, viewer: manager.member)
        let added: Bool
        do {
            added = try await service.enable(pack: id, by: manager)
        } catch let refused as PackAccessError {
            // A Pro-only pack without Pro: say so, with the way to upgrade.
            try await context.reply(await PackAccessViews.refusal(refused, context: context, usage: usage))
            return
        }
        try await context.reply(InteractionMessageData(
            content: added
                ? "✅ **\(name)** is now in this server's roll pool: `/roll` can draw its characters."
                : "**\(name)** was already enabled in this server."))
    }

    func disable(_ context: InteractionContext) async throws {
        let manager = try context.player()
        try requireManageGuild(context, to: "disable packs")
        let id = try await resolveEnabledPack(context.stringOption("pack"), guild: manager.guild)
        let name = (try? await packName(id, viewer: manager.member)) ?? "`\(id.rawValue)`"
        let removed = try await service.disable(pack: id, by: manager)
        try await context.reply(InteractionMessageData(
            content: removed
                ? "🚫 **\(name)** left this server's roll pool. Characters members own stay theirs."
                : "**\(name)** was not enabled in this server."))
    }

    func rate(_ context: InteractionContext) async throws {
        let member = try context.player()
        let id = try await resolveVisiblePack(context.stringOption("pack"), viewer: member.member)
        guard let stars = context.integerOption("stars") else { throw UserMessageError("Give 1 to 5 `stars`.") }
        let name = try await packName(id, viewer: member.member)
        let rating = try await service.rate(pack: id, by: member, stars: Int(stars), review: context.optionalString("review"))
        let shownStars = String(repeating: "★", count: rating.stars) + String(repeating: "☆", count: 5 - rating.stars)
        var text = "\(shownStars) <@\(member.member.rawValue)> rated **\(name)** \(rating.stars)/5."
        if let review = rating.review { text += "\n> " + PackText.block(review, limit: 500).replacingOccurrences(of: "\n", with: "\n> ") }
        try await context.reply(InteractionMessageData(content: text))
    }

    func report(_ context: InteractionContext) async throws {
        let member = try context.player()
        let id = try await resolveVisiblePack(context.stringOption("pack"), viewer: member.member)
        guard let reason = context.optionalString("reason").flatMap(ReportReason.init(rawValue:)) else {
            throw UserMessageError("Choose a reason: spam, hateful, sexual content, copyright or other.")
        }
        let name = try await packName(id, viewer: member.member)
        let outcome = try await service.report(pack: id, by: member, reason: reason)
        try await context.replyPrivately(
            "🚩 Thank you: **\(name)** was reported for \(reason.displayName). The bot's moderators will review it."
                + (outcome.hidPack ? " Several members reported it, so it is hidden until then." : ""))
    }

    /// Discord's default permissions on `/packs` cannot single out two subcommands (and server
    /// admins may change them), so the member's own permissions decide here.
    private func requireManageGuild(_ context: InteractionContext, to action: String) throws {
        guard context.memberCanManageGuild else {
            throw UserMessageError("Only members with the **Manage Server** permission can \(action) here.")
        }
    }

    /// The pack's name as shown (neutralised), from what the viewer may see of it.
    func packName(_ id: PackID, viewer: MemberID) async throws -> String {
        PackText.inline(try await service.view(pack: id, viewer: viewer).summary.pack.name)
    }
}
