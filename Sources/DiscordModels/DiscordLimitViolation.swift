/// A body we were about to send breaks one of Discord's documented limits (see `DiscordLimits`).
/// Raised in our process, before any HTTP request, so Discord's 400 is never the first to find it.
///
/// It names the field by its JSON path (`data.components[1].components[0].custom_id`) and gives
/// the limit and the actual length, count or value. It never carries the offending text itself,
/// which may be a member's: its description is safe for a log line.
public struct DiscordLimitViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the limit bounds.
    public enum Rule: Sendable, Hashable {
        /// A string longer than `limit` characters (Unicode scalars, see `DiscordLimits`).
        case maxCharacters
        /// A string shorter than `limit` characters (Discord refuses empty `custom_id`s, labels, …).
        case minCharacters
        /// An array with more than `limit` elements.
        case maxItems
        /// An array with fewer than `limit` elements.
        case minItems
        /// More than `limit` components in the whole message, nested ones included.
        case maxTotalComponents
        /// An integer above `limit`.
        case maxValue
        /// An integer below `limit`.
        case minValue
        /// A field that must not be set here (`limit` 0, `actual` 1); `reason` says why.
        case mustBeAbsent
        /// A field that must be set here (`limit` 1, `actual` 0); `reason` says why.
        case mustBePresent
    }

    /// One step of `path`: an object key or an array index.
    public enum PathSegment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public let rule: Rule
    /// The maximum or minimum Discord allows.
    public let limit: Int
    /// What we were about to send: a length, a count or the value itself (never text).
    public let actual: Int
    /// For `mustBeAbsent`/`mustBePresent`: the condition, such as "on a link button".
    public let reason: String?
    /// From the body's root to the field, outermost first.
    public private(set) var segments: [PathSegment]

    public init(rule: Rule, limit: Int, actual: Int, reason: String? = nil, segments: [PathSegment]) {
        self.rule = rule
        self.limit = limit
        self.actual = actual
        self.reason = reason
        self.segments = segments
    }

    /// The field's JSON path, such as `data.embeds[0].title`.
    public var path: String {
        var path = ""
        for segment in segments {
            switch segment {
            case .key(let key):
                if !path.isEmpty { path += "." }
                path += key
            case .index(let index):
                path += "[\(index)]"
            }
        }
        return path
    }

    /// The same violation, seen from one level further out: `key[index]` is put in front of the path.
    /// Built while the validator unwinds, so the happy path never builds a path.
    func inside(_ key: String, _ index: Int? = nil) -> DiscordLimitViolation {
        var outer = self
        var prefix: [PathSegment] = [.key(key)]
        if let index { prefix.append(.index(index)) }
        outer.segments = prefix + segments
        return outer
    }

    public var description: String {
        let because = reason.map { " (\($0))" } ?? ""
        switch rule {
        case .maxCharacters:
            return "\(path) is \(actual) characters; Discord allows at most \(limit)\(because)"
        case .minCharacters:
            return "\(path) is \(actual) characters; Discord requires at least \(limit)\(because)"
        case .maxItems:
            return "\(path) has \(actual) items; Discord allows at most \(limit)\(because)"
        case .minItems:
            return "\(path) has \(actual) items; Discord requires at least \(limit)\(because)"
        case .maxTotalComponents:
            return "\(path) holds \(actual) components in total, nested ones included; Discord allows at most \(limit)\(because)"
        case .maxValue:
            return "\(path) is \(actual); Discord allows at most \(limit)"
        case .minValue:
            return "\(path) is \(actual); Discord requires at least \(limit)"
        case .mustBeAbsent:
            return "\(path) is set; Discord allows none\(because)"
        case .mustBePresent:
            return "\(path) is missing; Discord requires it\(because)"
        }
    }
}
