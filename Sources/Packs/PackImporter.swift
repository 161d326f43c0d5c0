import Foundation

/// Imports character cards (CCv2 JSON or PNG) and pack files, checking each against `limits`.
/// A pure function of its inputs: no database, no network, nothing of Discord. Every failure is a
/// `PackImportError` naming the file and the field at fault.
public struct PackImporter: Sendable {
    public let limits: PackLimits

    public init(limits: PackLimits = PackLimits()) {
        self.limits = limits
    }

    /// A lone card: a PNG card when `data` starts with the PNG signature, else CCv2 JSON (another
    /// image format is refused as such rather than reported as bad JSON).
    public func importCard(_ data: Data, file: String) throws(PackImportError) -> ImportedCharacter {
        switch ImageFormat.sniff(ByteView(data: data)) {
        case .png?: return try importPNGCard(data, file: file)
        case let other?: throw PackImportError(file: file, .notACard(other))
        case nil: return try importJSONCard(data, file: file)
        }
    }

    /// A Character Card V2 JSON file.
    public func importJSONCard(_ data: Data, file: String) throws(PackImportError) -> ImportedCharacter {
        guard data.count <= limits.maxCardJSONBytes else {
            throw PackImportError(file: file, .tooManyBytes(data.count, limit: limits.maxCardJSONBytes))
        }
        let wire = try JSONDocument.decode(CharacterCardWire.self, from: data, file: file)
        return ImportedCharacter(card: try wire.card(file: file, prefix: "", limits: limits), image: nil)
    }

    /// A PNG card: the PNG checked, its `chara` tEXt chunk decoded, the PNG kept as the image.
    public func importPNGCard(_ data: Data, file: String) throws(PackImportError) -> ImportedCharacter {
        try PNGCard.read(data, file: file, limits: limits)
    }

    /// An image on its own (a cover, a character's image).
    public func validateImage(_ data: Data, file: String) throws(PackImportError) -> PackImage {
        try PackImage(validating: data, file: file, limits: limits)
    }

    /// A pack file: its JSON `manifest` (named `file`) and the files it names (`cover`, each
    /// `extensions.gachabot.image`), by name, in `files`. Files it does not name are ignored.
    public func importPack(manifest: Data, file: String, files: [String: Data] = [:]) throws(PackImportError) -> ImportedPack {
        guard manifest.count <= limits.maxPackFileBytes else {
            throw PackImportError(file: file, .tooManyBytes(manifest.count, limit: limits.maxPackFileBytes))
        }
        let wire = try JSONDocument.decode(PackFileWire.self, from: manifest, file: file)
        guard let format = wire.format else { throw PackImportError(file: file, path: "format", .missing) }
        guard format == PackFileWire.format else {
            throw PackImportError(
                file: file, path: "format", .unexpectedValue(found: SafeText.preview(format), expected: "\"\(PackFileWire.format)\"")
            )
        }
        guard let version = wire.version else { throw PackImportError(file: file, path: "version", .missing) }
        guard (1...Int(Int32.max)).contains(version) else {
            throw PackImportError(
                file: file, path: "version", .unexpectedValue(found: String(version), expected: "a whole number from 1 to 2,147,483,647")
            )
        }
        let text = TextRule(file: file)
        try text.check(wire.name, path: "name", limit: limits.maxNameCharacters, required: true)
        try text.check(wire.description, path: "description", limit: limits.maxPackDescriptionCharacters)
        let tags = wire.tags ?? []
        try text.checkTags(tags, path: "tags", limits: limits)

        var images = NamedImages(files: files, file: file, limits: limits)
        let cover = try wire.cover.map { (name) throws(PackImportError) in try images.image(named: name, path: "cover") }

        guard let cards = wire.characters else { throw PackImportError(file: file, path: "characters", .missing) }
        guard !cards.isEmpty else { throw PackImportError(file: file, path: "characters", .empty) }
        guard cards.count <= limits.maxCharactersPerPack else {
            throw PackImportError(
                file: file, path: "characters",
                .tooMany(count: cards.count, limit: limits.maxCharactersPerPack, what: "characters")
            )
        }
        var characters: [PackCharacter] = []
        characters.reserveCapacity(cards.count)
        var firstIndexByID: [String: Int] = [:]
        for (index, wireCard) in cards.enumerated() {
            let prefix = "characters[\(index)]"
            let card = try wireCard.card(file: file, prefix: prefix, limits: limits)
            let gachabot = "\(prefix).data.extensions.gachabot"
            guard let id = card.gachabot.id else { throw PackImportError(file: file, path: "\(gachabot).id", .missing) }
            guard let rarity = card.gachabot.rarity else {
                throw PackImportError(file: file, path: "\(gachabot).rarity", .missing)
            }
            if let first = firstIndexByID[id] {
                throw PackImportError(file: file, path: "\(gachabot).id", .duplicateID(id, firstPath: "characters[\(first)]"))
            }
            firstIndexByID[id] = index
            let picture = try card.gachabot.image.map { (name) throws(PackImportError) in
                try images.image(named: name, path: "\(gachabot).image")
            }
            characters.append(PackCharacter(id: id, rarity: rarity, card: card, image: picture))
        }
        return ImportedPack(
            version: version, name: wire.name ?? "", description: wire.description ?? "", tags: tags,
            coverFile: wire.cover, cover: cover, characters: characters
        )
    }
}
