/// One area of the bot (the gacha game, the multi-pull flow, `/status`; later packs, premium…):
/// it registers its slash commands, autocomplete, components and modals, and nothing else
/// touches the router. `InteractionRouter.install` refuses a feature whose command path or
/// custom-id prefix another registration already claims, naming both.
public protocol BotFeature: Sendable {
    /// Names the feature in start-up errors: "Gacha", "Pulls", "Status".
    var name: String { get }

    /// Adds the feature's handlers. Components and modals should be registered by their
    /// `CustomID` kind, so their ids are encoded and decoded in one place.
    func register(in routes: inout FeatureRoutes)
}
