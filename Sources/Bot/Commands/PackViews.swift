import DiscordModels
import Gacha

/// How a server's packs look in `/rates`: one line per pack with its characters per tier, within
/// Discord's embed limits whatever the number of packs.
enum PackViews {
    /// Longest pack name shown on a line (names are already neutralised by the packs area).
    static let nameCharacters = 80

    /// The packs embed to send beside `ratesEmbed`, or nil for a server without packs. Lines that
    /// would pass the description's or the message's limit become "…and N more packs".
    static func pool(_ pool: GuildPool, besides ratesEmbed: Embed) -> Embed? {
        guard !pool.packs.isEmpty else { return nil }
        let title = "Packs in this server"
        let characters = pool.characterCount
        let intro =
            "Rolls here also draw from \(pool.packs.count) pack\(pool.packs.count == 1 ? "" : "s") "
            + "(\(characters) character\(characters == 1 ? "" : "s")). The rates above stay the same: within a tier, "
            + "every character of the catalogue and of these packs is equally likely."
        let used = scalars(ratesEmbed.title) + scalars(ratesEmbed.description) + scalars(ratesEmbed.footer?.text) + scalars(title)
        // Room for the "and N more" line, whatever N.
        let reserve = 40
        let budget = min(DiscordLimits.embedDescriptionCharacters, DiscordLimits.embedTotalCharacters - used) - reserve
        var description = intro + "\n"
        var shown = 0
        for pack in pool.packs {
            let line = "\n" + Self.line(pack)
            guard scalars(description) + scalars(line) <= budget else { break }
            description += line
            shown += 1
        }
        if shown < pool.packs.count {
            let more = pool.packs.count - shown
            description += "\n…and \(more) more pack\(more == 1 ? "" : "s")."
        }
        return Embed(title: title, description: description, color: 0x5865F2)
    }

    /// `📦 **Name**: 2 ★★★★ · 4 ★★★☆ · 10 ★★☆☆ · 24 ★☆☆☆`, highest tier first, empty tiers left out.
    static func line(_ pack: GuildPool.Pack) -> String {
        var name = Format.plain(pack.name)
        if name.unicodeScalars.count > nameCharacters {
            name = String(String.UnicodeScalarView(name.unicodeScalars.prefix(nameCharacters - 1))) + "…"
        }
        let tiers = Rarity.allCases.reversed().compactMap { rarity -> String? in
            let count = pack.counts[rarity, default: 0]
            return count > 0 ? "\(count) \(Format.stars(rarity))" : nil
        }
        let access = pack.accessNote.map { " · \($0)" } ?? ""
        return "📦 **\(name)**\(access): " + (tiers.isEmpty ? "no characters" : tiers.joined(separator: " · "))
    }

    private static func scalars(_ text: String?) -> Int { text?.unicodeScalars.count ?? 0 }
}
