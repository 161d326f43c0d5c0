import Foundation

/// SillyTavern's `{{char}}` and `{{user}}` macros, matched without regard to case (`{{Char}}`,
/// `{{USER}}`), as SillyTavern does.
public struct Placeholders: Sendable, Hashable {
    public var character: String
    public var user: String

    public init(character: String, user: String) {
        self.character = character
        self.user = user
    }

    /// `text` with every `{{char}}` and `{{user}}` replaced.
    public func apply(_ text: String) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let close = after.range(of: "}}") {
                let name = after[..<close.lowerBound].lowercased()
                switch name {
                case "char":
                    out += character
                    rest = after[close.upperBound...]
                    continue
                case "user":
                    out += user
                    rest = after[close.upperBound...]
                    continue
                default: break
                }
            }
            out += "{{"
            rest = after
        }
        return out + rest
    }
}
