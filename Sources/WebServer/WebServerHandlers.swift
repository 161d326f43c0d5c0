import Foundation
import Premium

/// What the server plugs in: the verification keys and what to do with verified events. A route
/// whose secret or handler is missing answers 503, so a half-configured receiver is visible and
/// Stripe keeps the events for later.
public struct WebServerHandlers: Sendable {
    public var stripeSecret: StripeWebhookSecret?
    /// Handles a verified Stripe event's raw body (the same bytes the signature covers). Must be
    /// idempotent on `event.id`: Stripe delivers at least once.
    public var stripeEvents: (@Sendable (Data) async throws -> WebhookOutcome)?
    public var discordSignature: DiscordWebhookSignature?
    /// Handles a verified Discord webhook event's raw body (type 1; PING is answered here).
    public var discordEvents: (@Sendable (Data) async throws -> Void)?
    /// Readiness: each check named (database reachable, migrations applied).
    public var readiness: @Sendable () async -> [ReadinessCheck]

    public init(
        stripeSecret: StripeWebhookSecret? = nil,
        stripeEvents: (@Sendable (Data) async throws -> WebhookOutcome)? = nil,
        discordSignature: DiscordWebhookSignature? = nil,
        discordEvents: (@Sendable (Data) async throws -> Void)? = nil,
        readiness: @escaping @Sendable () async -> [ReadinessCheck] = { [] }
    ) {
        self.stripeSecret = stripeSecret
        self.stripeEvents = stripeEvents
        self.discordSignature = discordSignature
        self.discordEvents = discordEvents
        self.readiness = readiness
    }
}

/// One readiness check's result. `detail` is shown on `/readyz`: never put a secret in it.
public struct ReadinessCheck: Sendable, Hashable {
    public var name: String
    public var isReady: Bool
    public var detail: String

    public init(name: String, isReady: Bool, detail: String = "") {
        self.name = name
        self.isReady = isReady
        self.detail = detail
    }
}
