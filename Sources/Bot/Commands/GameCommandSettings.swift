/// Presentation and timing of the game commands (game rules live in `GachaConfiguration`).
public struct GameCommandSettings: Sendable {
    /// How long the box-opening animation plays before the reveal replaces it.
    public var revealDelay: Duration
    /// How often pending pulls past their expiry are converted to points.
    public var expirySweepInterval: Duration
    /// Owned characters per page of the replace checklist (a string select holds at most 25).
    public var replacePageSize: Int

    public init(revealDelay: Duration = .milliseconds(1_600), expirySweepInterval: Duration = .seconds(60), replacePageSize: Int = 25) {
        self.revealDelay = revealDelay
        self.expirySweepInterval = expirySweepInterval
        self.replacePageSize = min(25, max(1, replacePageSize))
    }
}
