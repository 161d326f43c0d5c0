import DiscordModels

/// A custom id of one kind, with typed fields: what a feature puts on a button, select or modal
/// and reads back when a member uses it. The codec is this protocol's extension: the id is
/// `prefix` followed by the fields joined with `:` (`inv:<owner>:<sort>:<page>`).
///
/// Ids carry only keys; a flow's state lives on the server. The router routes by `prefix`, and
/// refuses at start-up a prefix that starts another kind's (see `RouteConflict`), so a prefix
/// should end with the separator: `pull:keep:`, not `pull:keep`.
public protocol CustomID: Sendable, Equatable {
    /// The fixed start of every id of this kind.
    static var prefix: String { get }
    /// What a member reads when an id of this kind no longer decodes (a message from an older
    /// version of the bot, or a hand-made id).
    static var outOfDateMessage: String { get }
    /// The fields as text, in order. None may contain the separator.
    var fields: [String] { get }
    /// Reads the fields back; nil when they do not fit this kind (count, number, enum value).
    init?(fields: [Substring])
}

extension CustomID {
    public static var outOfDateMessage: String { "That button is out of date." }

    /// Discord's limit on every component's and modal's `custom_id` (buttons, selects, modals alike).
    public static var maximumLength: Int { Button.maxCustomIDLength }

    /// Between fields. A field holding it would read back as two fields.
    public static var separator: Character { ":" }

    /// The id to send to Discord. Throws, naming the id, when a field holds the separator or
    /// the id is longer than Discord accepts (a 400 that would fail the whole message).
    public func encoded() throws(CustomIDEncodingError) -> String {
        for field in fields where field.contains(Self.separator) {
            throw .separatorInField(prefix: Self.prefix, field: field)
        }
        let id = Self.prefix + fields.joined(separator: String(Self.separator))
        // Discord counts characters; UTF-16 code units are never fewer, so within them is within the limit.
        guard id.utf16.count <= Self.maximumLength else {
            throw .tooLong(id: id, length: id.utf16.count)
        }
        return id
    }

    /// The typed id, or nil when `customID` is not of this kind (it lacks `prefix`). An id of
    /// this kind whose fields do not decode throws `OutOfDateCustomID`, which members read as
    /// `outOfDateMessage`.
    public static func decode(_ customID: String) throws(OutOfDateCustomID) -> Self? {
        guard customID.hasPrefix(prefix) else { return nil }
        let rest = customID.dropFirst(prefix.count)
        let fields = rest.split(separator: separator, omittingEmptySubsequences: false)
        guard let id = Self(fields: fields) else {
            throw OutOfDateCustomID(customID: customID, userMessage: outOfDateMessage)
        }
        return id
    }
}
