/// What a member typed into search, reduced to words both databases match the same way: runs of
/// letters and digits, lowercased, at most 8 of them, each matched as a prefix and all required.
/// Nothing of the user's text reaches FTS5's or PostgreSQL's query syntax but these words.
public struct PackSearchQuery: Hashable, Sendable {
    public let words: [String]

    public init(_ text: String) {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        self.words = Array(words.prefix(8).map { String($0.prefix(32)) })
    }

    public var isEmpty: Bool { words.isEmpty }

    /// FTS5: `"word"* "word"*` (an implicit AND of quoted prefixes).
    public var fts5: String { words.map { "\"\($0)\"*" }.joined(separator: " ") }

    /// PostgreSQL `to_tsquery('simple', …)`: `word:* & word:*`.
    public var tsquery: String { words.map { "\($0):*" }.joined(separator: " & ") }
}
