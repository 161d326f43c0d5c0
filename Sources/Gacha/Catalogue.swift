import Foundation
import Storage

/// The characters that can be rolled, loaded from `Assets/catalogue.json` and validated at start-up.
///
/// File format: `{"version": 1, "characters": [{"id", "name", "series", "rarity", "description",
/// "persona"}, …]}` with `rarity` one of `common`, `rare`, `epic`, `legendary`.
public struct Catalogue: Sendable {
    /// Every character, in file order.
    public let characters: [GameCharacter]
    /// Characters of each tier, sorted by id so seeded rolls do not depend on file order.
    public let byRarity: [Rarity: [GameCharacter]]
    private let byID: [String: GameCharacter]
    /// Each character's tier and position in `byRarity[tier]` (the roll engine skips drawn
    /// characters by position instead of filtering the tier on every roll).
    let tierPositions: [String: (rarity: Rarity, index: Int)]

    /// The series, in order of first appearance.
    public var series: [String] {
        var seen: Set<String> = []
        return characters.map(\.series).filter { seen.insert($0).inserted }
    }

    /// Validates `characters`; the error names the first bad entry.
    public init(characters: [GameCharacter]) throws(CatalogueError) {
        var byID: [String: GameCharacter] = [:]
        for (index, character) in characters.enumerated() {
            let entry = CatalogueError.Entry(index: index, id: character.id)
            if character.id.trimmingCharacters(in: .whitespaces).isEmpty { throw .emptyField("id", entry) }
            guard character.id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw .invalidID(entry)
            }
            for (field, value) in [
                ("name", character.name), ("series", character.series), ("description", character.description),
                ("persona", character.persona),
            ] where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw .emptyField(field, entry)
            }
            if byID[character.id] != nil { throw .duplicateID(entry) }
            byID[character.id] = character
        }
        var byRarity: [Rarity: [GameCharacter]] = [:]
        for character in characters { byRarity[character.rarity, default: []].append(character) }
        for rarity in Rarity.allCases where byRarity[rarity, default: []].isEmpty {
            throw .emptyTier(rarity)
        }
        self.characters = characters
        self.byID = byID
        let sortedTiers = byRarity.mapValues { $0.sorted { $0.id < $1.id } }
        self.byRarity = sortedTiers
        var tierPositions: [String: (rarity: Rarity, index: Int)] = [:]
        for (rarity, tier) in sortedTiers {
            for (index, character) in tier.enumerated() { tierPositions[character.id] = (rarity, index) }
        }
        self.tierPositions = tierPositions
    }

    /// Reads and validates a catalogue file. The caller locates it (the executable knows where
    /// `Assets/` is); this module does not look in bundles.
    public static func load(from url: URL) throws(CatalogueError) -> Catalogue {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: "\(error)")
        }
        return try decode(data)
    }

    /// Decodes and validates catalogue JSON.
    public static func decode(_ data: Data) throws(CatalogueError) -> Catalogue {
        let file: CatalogueFile
        do {
            file = try JSONDecoder().decode(CatalogueFile.self, from: data)
        } catch {
            throw .malformed(reason: "\(error)")
        }
        var characters: [GameCharacter] = []
        for (index, raw) in file.characters.enumerated() {
            let entry = CatalogueError.Entry(index: index, id: raw.id)
            guard let rarity = Rarity(rawValue: raw.rarity) else { throw .unknownRarity(raw.rarity, entry) }
            characters.append(
                GameCharacter(
                    id: raw.id, name: raw.name, series: raw.series, rarity: rarity, description: raw.description,
                    persona: raw.persona, personality: raw.personality, scenario: raw.scenario, firstMessage: raw.firstMessage,
                    exampleMessages: raw.exampleMessages, systemPrompt: raw.systemPrompt,
                    postHistoryInstructions: raw.postHistoryInstructions))
        }
        return try Catalogue(characters: characters)
    }

    public func character(_ id: String) -> GameCharacter? { byID[id] }

    private struct CatalogueFile: Decodable {
        var version: Int
        var characters: [RawCharacter]
    }

    /// Rarity is read as text first, so an unknown value yields an error naming the entry.
    private struct RawCharacter: Decodable {
        var id: String
        var name: String
        var series: String
        var rarity: String
        var description: String
        var persona: String
        // Card fields for talk, named as Character Card V2 names them; each optional.
        var personality: String?
        var scenario: String?
        var firstMessage: String?
        var exampleMessages: String?
        var systemPrompt: String?
        var postHistoryInstructions: String?

        enum CodingKeys: String, CodingKey {
            case id, name, series, rarity, description, persona, personality, scenario
            case firstMessage = "first_mes"
            case exampleMessages = "mes_example"
            case systemPrompt = "system_prompt"
            case postHistoryInstructions = "post_history_instructions"
        }
    }
}

/// Why a catalogue was refused; every case about an entry names it (position and id).
public enum CatalogueError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Entry: Hashable, Sendable, CustomStringConvertible {
        /// Zero-based position in the `characters` array.
        public var index: Int
        public var id: String
        public init(index: Int, id: String) {
            self.index = index
            self.id = id
        }
        public var description: String { "entry #\(index) (id \"\(id)\")" }
    }

    case unreadable(path: String, reason: String)
    case malformed(reason: String)
    case duplicateID(Entry)
    case invalidID(Entry)
    case emptyField(String, Entry)
    case unknownRarity(String, Entry)
    case emptyTier(Rarity)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "catalogue: cannot read \(path): \(reason)"
        case .malformed(let reason): "catalogue: not valid catalogue JSON: \(reason)"
        case .duplicateID(let entry): "catalogue: \(entry): duplicate id"
        case .invalidID(let entry): "catalogue: \(entry): id must be a lowercase slug (a-z, 0-9, -)"
        case .emptyField(let field, let entry): "catalogue: \(entry): empty \(field)"
        case .unknownRarity(let value, let entry):
            "catalogue: \(entry): unknown rarity \"\(value)\" (expected one of "
                + Rarity.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case .emptyTier(let rarity): "catalogue: no character has rarity \(rarity.rawValue)"
        }
    }
}
