import DiscordModels
import Gacha
import Packs
import Storage

/// How packs look in Discord: lists with their pager, a pack's page, a creator's profile, the
/// leaderboard. Every piece of creator or member text goes through `PackText`.
enum PackMessages {
    static let color = 0xEB459E
    /// Characters per page of `/packs view`.
    static let charactersPerPage = 15

    // MARK: Lists

    /// One pack in a list: name, id, rating, size, creator, and a line of its description.
    static func line(
        _ summary: PackSummary, number: Int, featured: Bool = false, showStatus: Bool = false, access: PackAccess = .free
    ) -> String {
        let pack = summary.pack
        var head = "**\(number). \(PackText.inline(pack.name))** `\(pack.id.rawValue)`"
        if let label = access.label { head += " · \(label)" }
        if featured { head += " 📌 Featured" }
        if showStatus { head += " · *\(pack.status.rawValue)*" }
        var facts = [rating(summary.scores), "\(summary.characterCount) character\(summary.characterCount == 1 ? "" : "s")"]
        facts.append("by <@\(pack.creator.rawValue)>")
        var text = head + "\n" + facts.joined(separator: " · ")
        let about = PackText.inline(pack.description, limit: 90)
        if !about.isEmpty { text += "\n> " + about }
        return text
    }

    static func rating(_ scores: PackScores) -> String {
        guard let mean = scores.meanStars else { return "no ratings yet" }
        return "★ \(oneDecimal(mean)) (\(scores.ratingCount) rating\(scores.ratingCount == 1 ? "" : "s"))"
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A page of a list with Previous / Next buttons that only `id.owner` may press. `page` is
    /// zero-based; Next is disabled when there is no more.
    static func list<ID: PackPageID>(
        title: String, lines: [String], empty: String, id: ID, hasMore: Bool, ephemeral: Bool = false, footer: String? = nil
    ) throws -> InteractionMessageData {
        let description = lines.isEmpty ? empty : lines.joined(separator: "\n\n")
        let pageText = "Page \(id.page + 1)" + (footer.map { " · " + $0 } ?? "")
        let embed = Embed(title: title, description: description, color: color, footer: Embed.Footer(text: pageText))
        return InteractionMessageData(embeds: [embed], flags: ephemeral ? .ephemeral : nil, components: [try pager(id, hasMore: hasMore)])
    }

    static func pager<ID: PackPageID>(_ id: ID, hasMore: Bool) throws -> Component {
        // A disabled Previous on the first page holds page -1, and a disabled Next the page past
        // the last: ids stay distinct within the message, as Discord requires.
        let previous = Button(
            style: .secondary, label: "◀ Previous", custom_id: try id.at(page: id.page - 1).encoded(), disabled: id.page <= 0)
        let next = Button(style: .secondary, label: "Next ▶", custom_id: try id.at(page: id.page + 1).encoded(), disabled: !hasMore)
        return .actionRow(ActionRow(components: [.button(previous), .button(next)]))
    }

    static func browseTitle(_ sort: PackSort) -> String {
        switch sort {
        case .topRated: "🏆 Top rated packs"
        case .trending: "🔥 Trending packs"
        case .new: "🆕 New packs"
        case .mostUsed: "🎲 Most used packs"
        }
    }

    /// `access`: the restricted packs' modes (free ones absent).
    static func packLines(_ page: PackPage, pageSize: Int, access: [PackID: PackAccess] = [:]) -> [String] {
        page.entries.enumerated().map { index, entry in
            line(
                entry.summary, number: page.page * pageSize + index + 1, featured: entry.featured,
                access: access[entry.summary.pack.id] ?? .free)
        }
    }

    // MARK: One pack

    /// `/packs view`: the pack, its numbers and one page of its characters; the cover is shown
    /// from the attached file named `coverFilename`.
    static func details(
        _ details: PackDetails, id: PackViewPageID, coverFilename: String?, access: PackAccess = .free
    ) throws -> InteractionMessageData {
        let summary = details.summary
        let pack = summary.pack
        var description = PackText.block(pack.description, limit: 1_000)
        if !pack.tags.isEmpty {
            description += (description.isEmpty ? "" : "\n\n") + "Tags: " + pack.tags.map { PackText.inline($0, limit: 32) }.joined(separator: ", ")
        }
        var fields = [
            Embed.Field(name: "Creator", value: "<@\(pack.creator.rawValue)>", inline: true),
            Embed.Field(name: "Rating", value: rating(summary.scores), inline: true),
            Embed.Field(name: "Used by", value: "\(summary.scores.usage) member\(summary.scores.usage == 1 ? "" : "s") (30 days)", inline: true),
            Embed.Field(name: "Servers", value: String(details.enabledGuilds), inline: true),
            Embed.Field(name: "Version", value: String(pack.version), inline: true),
            Embed.Field(name: "Id", value: "`\(pack.id.rawValue)`", inline: true),
        ]
        if pack.status != .published {
            fields.append(Embed.Field(name: "Status", value: "\(pack.status.rawValue) (only you see it)", inline: true))
        }
        if let label = access.label {
            let how = access == .pro ? "Pro members and Pro servers roll it" : "`/packs subscribe` to roll it"
            fields.append(Embed.Field(name: "Access", value: "\(label): \(how)", inline: true))
        }
        let title = (details.featured ? "📌 " : "") + PackText.inline(pack.name)
        let main = Embed(
            title: title, description: description.isEmpty ? nil : description, color: color,
            image: coverFilename.map { Embed.Media(url: "attachment://\($0)") }, fields: fields)
        let characters = details.characters
        let start = max(0, id.page) * charactersPerPage
        let shown = characters.dropFirst(start).prefix(charactersPerPage)
        let lines = shown.map { character in
            "\(Format.stars(character.rarity)) **\(PackText.inline(character.name, limit: 48))** · \(Format.rarityName(character.rarity))"
        }
        let pages = max(1, (characters.count + charactersPerPage - 1) / charactersPerPage)
        let list = Embed(
            title: "Characters (\(characters.count))", description: lines.isEmpty ? "No characters yet." : lines.joined(separator: "\n"),
            color: color, footer: Embed.Footer(text: "Page \(max(0, id.page) + 1) of \(pages)"))
        return InteractionMessageData(
            embeds: [main, list], components: [try pager(id, hasMore: start + charactersPerPage < characters.count)])
    }

    // MARK: Creators

    static func profile(_ profile: CreatorProfile, id: PackCreatorPageID, pageSize: Int) throws -> InteractionMessageData {
        let stars = profile.meanStars.map { "★ \(oneDecimal($0)) over \(profile.ratingCount) rating\(profile.ratingCount == 1 ? "" : "s")" }
        let summary = [
            "<@\(profile.creator.rawValue)>" + (profile.verified ? " ✅ Verified creator" : ""),
            "Published packs: **\(profile.packs.count)**",
            "Ratings: " + (stars ?? "none yet"),
            "Used by **\(profile.usage)** member\(profile.usage == 1 ? "" : "s") in the last 30 days",
        ].joined(separator: "\n")
        let start = max(0, id.page) * pageSize
        let lines = profile.packs.dropFirst(start).prefix(pageSize).enumerated().map { index, pack in
            line(pack, number: start + index + 1)
        }
        let embed = Embed(
            title: "Creator profile", description: summary + (lines.isEmpty ? "" : "\n\n" + lines.joined(separator: "\n\n")), color: color,
            footer: Embed.Footer(text: "Page \(max(0, id.page) + 1)"))
        return InteractionMessageData(embeds: [embed], components: [try pager(id, hasMore: start + pageSize < profile.packs.count)])
    }

    static func leaderboard(_ standings: [CreatorStanding], id: PackLeaderboardPageID, pageSize: Int, hasMore: Bool) throws
        -> InteractionMessageData
    {
        let start = max(0, id.page) * pageSize
        let lines = standings.enumerated().map { index, standing in
            let rank = start + index + 1
            let medal = rank == 1 ? "🥇" : rank == 2 ? "🥈" : rank == 3 ? "🥉" : "**\(rank).**"
            let rated = standing.ratingCount == 0 ? "no ratings" : "★ \(oneDecimal(standing.weightedRating)) weighted (\(standing.ratingCount))"
            return "\(medal) <@\(standing.creator.rawValue)> · \(standing.packs) pack\(standing.packs == 1 ? "" : "s") · "
                + "used by \(standing.usage) · \(rated)"
        }
        return try list(
            title: id.order == .usage ? "🏅 Creators by usage (30 days)" : "🏅 Creators by rating", lines: lines,
            empty: "No creator has a published pack yet.", id: id, hasMore: hasMore)
    }
}
