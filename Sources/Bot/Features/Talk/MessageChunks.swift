import DiscordModels

/// Splits a long text into messages within Discord's content limit (`DiscordLimits`, counted in
/// Unicode scalars as Discord counts them), cutting at the last paragraph break, else line break,
/// else space in each chunk's second half, and only mid-word when a chunk has none.
enum MessageChunks {
    static func split(_ text: String, limit: Int = DiscordLimits.contentCharacters) -> [String] {
        precondition(limit > 0, "a chunk holds at least one character")
        var chunks: [String] = []
        var rest = Substring(text)
        while rest.unicodeScalars.count > limit {
            let hard = cut(rest, atScalar: limit)
            let window = rest[..<hard]
            let floor = cut(rest, atScalar: limit / 2)
            let end =
                lastBreak(in: window, after: floor, paragraph: true) ?? lastBreak(in: window, after: floor, of: "\n")
                ?? lastBreak(in: window, after: floor, of: " ") ?? hard
            let chunk = rest[..<end].trimmingTrailingWhitespace()
            if !chunk.isEmpty { chunks.append(String(chunk)) }
            rest = rest[end...].drop(while: { $0 == " " || $0 == "\n" })
        }
        if !rest.isEmpty || chunks.isEmpty { chunks.append(String(rest)) }
        return chunks
    }

    /// The index after `count` Unicode scalars of `text`, moved back to a character boundary.
    private static func cut(_ text: Substring, atScalar count: Int) -> Substring.Index {
        let scalars = text.unicodeScalars
        let index = scalars.index(scalars.startIndex, offsetBy: count, limitedBy: scalars.endIndex) ?? scalars.endIndex
        // A character (a flag, an emoji with modifiers) is never split between two messages.
        var boundary = index
        while boundary > text.startIndex, String.Index(boundary, within: text) == nil {
            boundary = scalars.index(before: boundary)
        }
        return boundary > text.startIndex ? boundary : index
    }

    /// Where to cut after the last `separator` in `window` past `floor` (with `paragraph`, the
    /// last blank line).
    private static func lastBreak(
        in window: Substring, after floor: Substring.Index, of separator: Character = "\n", paragraph: Bool = false
    ) -> Substring.Index? {
        var index = window.endIndex
        while index > floor {
            index = window.index(before: index)
            guard window[index] == separator else { continue }
            if paragraph, index == window.startIndex || window[window.index(before: index)] != "\n" { continue }
            return index > floor ? window.index(after: index) : nil
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last == " " || last == "\n" { end = index(before: end) }
        return self[..<end]
    }
}
