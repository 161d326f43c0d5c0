/// One entry a feature asked the router for, described well enough to name it in a start-up error.
public struct RouteRegistration: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case command
        case autocomplete
        case component
        case modal
    }

    public let kind: Kind
    /// The command path (`packs browse`) or the custom-id prefix (`pull:keep:`).
    public let key: String
    /// The feature that registered it (`BotFeature.name`).
    public let feature: String

    public init(kind: Kind, key: String, feature: String) {
        self.kind = kind
        self.key = key
        self.feature = feature
    }

    /// `the command /packs browse of feature Packs`, `the component prefix "pull:" of feature Pulls`.
    public var description: String {
        switch kind {
        case .command, .autocomplete: "the \(kind.rawValue) /\(key) of feature \(feature)"
        case .component, .modal: "the \(kind.rawValue) prefix \"\(key)\" of feature \(feature)"
        }
    }
}
