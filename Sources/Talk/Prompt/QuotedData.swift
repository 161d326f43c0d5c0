/// Puts creator and member text into a prompt as data, never as instructions: JSON-quoted inside
/// a named tag, with every character that could close the tag or a code fence (`<`, `>`, `&`,
/// the backtick) and every control character escaped as `\uXXXX`. The text stays readable to
/// the model and can no longer end the block it sits in.
public enum QuotedData {
    /// `text` as one JSON string literal, quotes included.
    public static func json(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "`", "\u{2028}", "\u{2029}": out += escaped(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += escaped(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A JSON array of the texts, one per line.
    public static func jsonArray(_ texts: [String]) -> String {
        "[\n" + texts.map { "  " + json($0) }.joined(separator: ",\n") + "\n]"
    }

    /// A JSON object with the fields in the order given, one per line.
    public static func jsonObject(_ fields: [(key: String, value: String)]) -> String {
        "{\n" + fields.map { "  " + json($0.key) + ": " + json($0.value) }.joined(separator: ",\n") + "\n}"
    }

    /// `body` (already quoted) between `<tag>` and `</tag>`.
    public static func block(_ tag: String, _ body: String) -> String {
        "<\(tag)>\n\(body)\n</\(tag)>"
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: false)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
