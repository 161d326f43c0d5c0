import Packs

/// Creator- and member-written text (pack names, descriptions, tags, reviews) as the bot shows it:
/// neutralised by `SafeText` (no pings, no masked links, no control or zero-width characters),
/// cut to the room Discord gives the field, and, where it sits inside our own formatting, with
/// Markdown escaped so a name cannot bold, strike or quote the rest of the line.
enum PackText {
    /// A name or tag inside a line of ours: one line, at most `limit` characters, Markdown escaped.
    static func inline(_ raw: String, limit: Int = 64) -> String {
        escapingMarkdown(SafeText(raw, limit: limit, singleLine: true).text)
    }

    /// A description or review on lines of its own: neutralised and cut, Markdown left as written.
    static func block(_ raw: String, limit: Int) -> String {
        SafeText(raw, limit: limit).text
    }

    /// Plain text where Discord renders no Markdown (autocomplete choices, button labels).
    static func plain(_ raw: String, limit: Int) -> String {
        SafeText(raw, limit: limit, singleLine: true).text
    }

    /// A backslash before every character Discord's Markdown reads inline (emphasis, code,
    /// spoilers, link brackets), and before a quote, heading or list mark that starts the text.
    static func escapingMarkdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for (offset, character) in text.enumerated() {
            if "\\*_~`|[]".contains(character) || (offset == 0 && ">#-".contains(character)) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
