import Foundation

/// A pack file that passed every check: its manifest fields, cover and characters.
public struct ImportedPack: Sendable, Hashable {
    /// A positive integer; a new upload of the same pack has a higher one.
    public let version: Int
    public let name: String
    public let description: String
    public let tags: [String]
    /// The manifest's `cover` file name, and the image it names.
    public let coverFile: String?
    public let cover: PackImage?
    public let characters: [PackCharacter]

    public init(
        version: Int, name: String, description: String, tags: [String], coverFile: String?, cover: PackImage?,
        characters: [PackCharacter]
    ) {
        self.version = version
        self.name = name
        self.description = description
        self.tags = tags
        self.coverFile = coverFile
        self.cover = cover
        self.characters = characters
    }

    /// The pack's manifest as a pack file (images are separate files, named by it).
    public func manifestJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(PackFileWire(self))
    }
}
