import Gacha
import Storage

/// Small text helpers shared by the game's messages.
enum Format {
    static func points(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped + " pts"
    }

    /// Discord renders `<t:unix:R>` as "in 5 minutes" in each reader's own locale.
    static func relative(_ time: Timestamp) -> String {
        "<t:\(time.millisecondsSinceEpoch / 1000):R>"
    }

    static func stars(_ rarity: Rarity) -> String {
        String(repeating: "★", count: rarity.rank + 1) + String(repeating: "☆", count: 3 - rarity.rank)
    }

    static func rarityName(_ rarity: Rarity) -> String { rarity.rawValue.capitalized }

    static func color(_ rarity: Rarity) -> Int {
        switch rarity {
        case .common: 0x99AAB5
        case .rare: 0x3498DB
        case .epic: 0x9B59B6
        case .legendary: 0xF1C40F
        }
    }

    static func character(_ character: GameCharacter) -> String {
        "**\(plain(character.name))** \(stars(character.rarity)) \(rarityName(character.rarity)) · \(origin(character))"
    }

    /// The series of a base character; for a pack character its pack, and whether the pack is
    /// gone (its characters stay owned but no longer roll).
    static func origin(_ character: GameCharacter) -> String {
        guard let pack = character.pack else { return "*\(plain(character.series))*" }
        if pack.available { return "📦 *\(plain(pack.packName))*" }
        return pack.packName.isEmpty ? "*from an unavailable pack*" : "📦 *\(plain(pack.packName))* (from an unavailable pack)"
    }

    /// Neutralises markdown and mention syntax in text that did not come from us. Allowed mentions
    /// already stop pings; this stops `@everyone` from even looking like one.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "@", with: "@\u{200B}")
            .replacingOccurrences(of: "`", with: "ˋ")
    }
}
