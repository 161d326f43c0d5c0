import Foundation

/// The seam between the webhook route and the premium core. The route verifies the signature
/// over the raw body, then hands the same bytes here.
public protocol StripeEventProcessing: Sendable {
    /// Applies the event exactly once. Throws `StripeEventError`: the route answers 400 for a
    /// malformed event (`isMalformed`), and nothing was applied either way.
    func process(_ payload: Data) async throws -> StripeEventOutcome
}

/// What processing an event did.
public enum StripeEventOutcome: Hashable, Sendable {
    /// Recorded, with its effects, in one transaction.
    case applied
    /// This `event.id` was processed before: nothing changed.
    case duplicate
    /// A type the bot does not handle (recorded nowhere; answered 200 so Stripe stops sending it).
    case ignored(type: String)
}
