/// A Stripe webhook endpoint's signing secret (`whsec_…`). Its description never shows it.
public struct StripeWebhookSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "whsec_***" }
    public var debugDescription: String { description }
}
