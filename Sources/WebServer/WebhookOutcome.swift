/// What the Stripe event processor did with a verified event. Stripe gets 200 for each, so it
/// stops retrying: a duplicate is success, and an event type the bot does not handle is too.
/// A processor that throws gets 500, and Stripe delivers the event again later.
public enum WebhookOutcome: String, Sendable, Hashable, CaseIterable {
    case applied
    case duplicate
    case ignored
}
