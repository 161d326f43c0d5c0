import Clocks

/// A pack's identifier: 10 random characters of the URL-safe base64 alphabet (60 bits), short
/// enough for a custom id and an autocomplete value, and never containing `:` so that a pack
/// character's gacha id `pk:<packID>:<characterID>` splits without ambiguity.
public struct PackID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: PackID, rhs: PackID) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let length = 10
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// A new random id. Drawn before the transaction, so a re-run keeps it.
    public static func random(_ random: any RandomSource) -> PackID {
        PackID(String((0..<length).map { _ in alphabet[Int(random.next(below: UInt64(alphabet.count)))] }))
    }

    /// Whether `text` has the shape of an id (a user may type one into a command or the CLI).
    public static func isWellFormed(_ text: String) -> Bool {
        text.count == length && text.allSatisfy { alphabet.contains($0) }
    }
}
