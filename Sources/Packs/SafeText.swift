/// User-written text made safe to show in Discord: what a creator wrote, as members will see it.
///
/// Defence in depth: the bot already sends `allowed_mentions` parsing nothing
/// (`Sources/Bot/Interactions/MentionSafety.swift`); this keeps what members *read* honest too.
/// In order, it
/// 1. strips C0 and C1 control characters except newline (a tab becomes a space, CR vanishes, the
///    Unicode line and paragraph separators become a newline; with `singleLine` every newline
///    becomes a space), and invisible zero-width and bidirectional formatting characters (U+061C,
///    U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF), so they cannot hide or
///    reorder anything below (U+200D goes too, so emoji joined by it show as their parts);
/// 2. turns masked links `[text](url)` into `text (url)`, so the destination is visible;
/// 3. renders mentions as inert text: `<@&id>` → `@role`, `<@id>` and `<@!id>` → `@user`,
///    `<#id>` → `#channel`, a command mention `</name:id>` → `/name`, and `@everyone`/`@here`
///    (any case) with a full-width `＠`;
/// 4. breaks any `](` left over (`] (`), so no masked link survives;
/// 5. optionally truncates to a limit in Unicode scalars, on a character boundary, ending with `…`.
public struct SafeText: Sendable, Hashable, CustomStringConvertible {
    /// The neutralised text.
    public let text: String

    /// Neutralises `raw`; with `limit`, the result has at most `limit` Unicode scalars. With
    /// `singleLine` (labels, titles, names), each newline becomes a space.
    public init(_ raw: String, limit: Int? = nil, singleLine: Bool = false) {
        guard raw.unicodeScalars.contains(where: { Self.needsWork($0, singleLine: singleLine) }) else {
            text = limit.map { Self.truncated(raw, to: $0) } ?? raw
            return
        }
        var scalars = Self.strippingInvisible(raw, singleLine: singleLine)
        scalars = Self.unmaskingLinks(scalars)
        scalars = Self.defusingMentions(scalars)
        scalars = Self.breakingLinkSyntax(scalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let neutral = String(view)
        text = limit.map { Self.truncated(neutral, to: $0) } ?? neutral
    }

    public var description: String { text }

    /// A short quoted-value preview for error messages: neutralised, single line, truncated.
    public static func preview(_ raw: String, limit: Int = 32) -> String {
        SafeText(raw, limit: limit, singleLine: true).text
    }

    /// `text` cut to at most `limit` Unicode scalars on a grapheme-cluster boundary, ending with `…`
    /// when anything was cut. A limit below 1 gives an empty string.
    public static func truncated(_ text: String, to limit: Int) -> String {
        guard limit > 0 else { return "" }
        if text.unicodeScalars.count <= limit { return text }
        var kept = 0
        var end = text.startIndex
        for character in text {
            let size = character.unicodeScalars.count
            if kept + size > limit - 1 { break }
            kept += size
            end = text.index(after: end)
        }
        return String(text[..<end]) + "…"
    }

    // MARK: - Passes

    /// Whether any pass could change `scalar`'s text: most names and tags need none, and skip them.
    static func needsWork(_ scalar: Unicode.Scalar, singleLine: Bool) -> Bool {
        switch scalar {
        case "\n": singleLine
        case "<", "@", "[", "]": true
        default: scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x2028...0x2029).contains(scalar.value)
            || isInvisible(scalar.value)
        }
    }

    static func isInvisible(_ value: UInt32) -> Bool {
        switch value {
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    static func strippingInvisible(_ raw: String, singleLine: Bool) -> [Unicode.Scalar] {
        let newline: Unicode.Scalar = singleLine ? " " : "\n"
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x0A, 0x2028, 0x2029: out.append(newline)
            case 0x09: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default:
                if !isInvisible(value) { out.append(scalar) }
            }
        }
        return out
    }

    /// `[text](url)` → `text (url)`, with `url` unwrapped from `<…>`. The text may not hold a
    /// newline or `[`; the url may not hold whitespace or `)`.
    static func unmaskingLinks(_ input: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == "[", let link = maskedLink(in: input, at: index) {
                out.append(contentsOf: input[link.text])
                out.append(" ")
                out.append("(")
                out.append(contentsOf: input[link.url])
                out.append(")")
                index = link.end
            } else {
                out.append(input[index])
                index += 1
            }
        }
        return out
    }

    private static func maskedLink(
        in input: [Unicode.Scalar], at open: Int
    ) -> (text: Range<Int>, url: Range<Int>, end: Int)? {
        var close = open + 1
        while close < input.count, input[close] != "]" {
            if input[close] == "[" || input[close] == "\n" { return nil }
            close += 1
        }
        guard close + 1 < input.count, input[close + 1] == "(" else { return nil }
        var urlEnd = close + 2
        while urlEnd < input.count, input[urlEnd] != ")" {
            if input[urlEnd].properties.isWhitespace { return nil }
            urlEnd += 1
        }
        guard urlEnd < input.count else { return nil }
        var url = (close + 2)..<urlEnd
        if url.count >= 2, input[url.lowerBound] == "<", input[url.upperBound - 1] == ">" {
            url = (url.lowerBound + 1)..<(url.upperBound - 1)
        }
        return ((open + 1)..<close, url, urlEnd + 1)
    }

    static func defusingMentions(_ input: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let scalar = input[index]
            if scalar == "<", let (replacement, end) = mention(in: input, at: index) {
                out.append(contentsOf: replacement.unicodeScalars)
                index = end
            } else if scalar == "@", matchesWord("everyone", in: input, at: index + 1)
                || matchesWord("here", in: input, at: index + 1)
            {
                out.append("\u{FF20}")
                index += 1
            } else {
                out.append(scalar)
                index += 1
            }
        }
        return out
    }

    /// `<@&digits>`, `<@!digits>`, `<@digits>`, `<#digits>` or `</name:digits>` at `open`: its inert
    /// text and the index after `>`.
    private static func mention(in input: [Unicode.Scalar], at open: Int) -> (String, Int)? {
        var index = open + 1
        guard index < input.count else { return nil }
        var replacement: String
        switch input[index] {
        case "/":
            // A command mention's name: up to 100 scalars (a command, group and subcommand) before `:`.
            replacement = "/"
            index += 1
            let nameStart = index
            while index < input.count, index - nameStart <= 100, input[index] != ":" {
                if input[index] == ">" || input[index] == "<" || input[index] == "\n" { return nil }
                index += 1
            }
            guard index > nameStart, index < input.count, input[index] == ":" else { return nil }
            replacement.unicodeScalars.append(contentsOf: input[nameStart..<index])
            index += 1
        case "#":
            replacement = "#channel"
            index += 1
        case "@":
            index += 1
            if index < input.count, input[index] == "&" {
                replacement = "@role"
                index += 1
            } else {
                if index < input.count, input[index] == "!" { index += 1 }
                replacement = "@user"
            }
        default:
            return nil
        }
        let digitsStart = index
        while index < input.count, ("0"..."9").contains(input[index]) { index += 1 }
        guard index > digitsStart, index < input.count, input[index] == ">" else { return nil }
        return (replacement, index + 1)
    }

    private static func matchesWord(_ word: String, in input: [Unicode.Scalar], at start: Int) -> Bool {
        var index = start
        for expected in word.unicodeScalars {
            guard index < input.count, input[index].properties.lowercaseMapping == String(expected) else { return false }
            index += 1
        }
        return true
    }

    static func breakingLinkSyntax(_ input: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(input.count)
        for (index, scalar) in input.enumerated() {
            out.append(scalar)
            if scalar == "]", index + 1 < input.count, input[index + 1] == "(" { out.append(" ") }
        }
        return out
    }
}
