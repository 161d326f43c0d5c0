/// Text made safe inside an SVG (XML 1.0) document: markup characters escaped, characters XML
/// forbids dropped, and long labels shortened. Labels carry creator and pack names, which are
/// user text.
public enum XMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`, and drops control characters XML 1.0 cannot carry.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped += " "
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF || (0x7F...0x9F).contains(value) { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// At most `limit` characters, with "…" in place of the rest.
    public static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
