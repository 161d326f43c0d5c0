/// Type 1: a row of up to 5 buttons, or one select menu (or, in legacy modals, one text input).
/// https://discord.com/developers/docs/components/reference#action-row
public struct ActionRow: Sendable, Hashable, Codable {
    public var id: Int?
    public var components: [Component]

    public init(id: Int? = nil, components: [Component]) {
        self.id = id
        self.components = components
    }

    public static let maxButtons = 5
}
