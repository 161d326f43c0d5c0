import Foundation

/// A pack file's JSON manifest as it is on the wire (see docs/pack-format.md): every field optional
/// so that a missing one becomes a named error; unknown fields are ignored.
struct PackFileWire: Codable {
    static let format = "gachabot-pack"

    var format: String?
    var version: Int?
    var name: String?
    var description: String?
    var tags: [String]?
    var cover: String?
    var characters: [CharacterCardWire]?

    init(_ pack: ImportedPack) {
        format = Self.format
        version = pack.version
        name = pack.name
        description = pack.description
        tags = pack.tags
        cover = pack.coverFile
        characters = pack.characters.map { CharacterCardWire($0.card) }
    }
}
