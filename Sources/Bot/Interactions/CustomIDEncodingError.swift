import DiscordModels

/// A custom id the bot could not send: a bug in the feature that built it, so it is logged (with
/// the id) and the member gets the generic apology, never a Discord 400 for the whole message.
public enum CustomIDEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Longer than Discord's 100 characters.
    case tooLong(id: String, length: Int)
    /// A field holds the separator, so the id would not decode into the same fields.
    case separatorInField(prefix: String, field: String)

    public var description: String {
        switch self {
        case .tooLong(let id, let length):
            "The custom id \"\(id)\" has \(length) characters; Discord accepts at most \(Button.maxCustomIDLength)."
        case .separatorInField(let prefix, let field):
            "A custom id with prefix \"\(prefix)\" has the field \"\(field)\", which holds the separator \":\"."
        }
    }
}
