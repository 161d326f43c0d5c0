/// Two registrations that would compete for the same interactions. The router refuses the second
/// at start-up instead of letting one silently replace the other (a duplicate command path), or
/// letting registration order decide (a custom-id prefix that starts another).
public struct RouteConflict: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Both handle the same command path (or the autocomplete of the same path).
        case samePath
        /// One custom-id prefix is a prefix of the other, so an id could match both.
        case overlappingPrefix
    }

    public let reason: Reason
    /// What was registered first.
    public let existing: RouteRegistration
    /// What was refused.
    public let refused: RouteRegistration

    public var description: String {
        switch reason {
        case .samePath:
            "Refused \(refused): \(existing) already handles that path. Every command path has exactly one handler."
        case .overlappingPrefix:
            "Refused \(refused): it overlaps \(existing) (one prefix starts the other), so a custom id could reach "
                + "either. Custom-id prefixes must not overlap."
        }
    }
}
