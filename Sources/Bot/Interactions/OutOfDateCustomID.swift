/// A custom id of a known kind whose fields no longer decode: a message sent by an older version
/// of the bot, or a hand-made id. The member reads the kind's out-of-date message.
public struct OutOfDateCustomID: UserFacingError, Sendable, Hashable, CustomStringConvertible {
    public let customID: String
    public let userMessage: String

    public var description: String { "The custom id \"\(customID)\" does not decode: \(userMessage)" }
}
