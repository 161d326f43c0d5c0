/// A Stripe secret (`sk_…`) or restricted (`rk_…`) key. Its description never shows it; the
/// client sends it only in the Authorization header and removes it from any error text.
public struct StripeSecretKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    public init(_ value: String) { self.value = value }

    /// Whether the key has the form of a Stripe API key (say, a webhook secret pasted by mistake).
    public var looksLikeAPIKey: Bool {
        ["sk_test_", "sk_live_", "rk_test_", "rk_live_"].contains { value.hasPrefix($0) } && value.count > 12
    }

    public var description: String { "sk_***" }
    public var debugDescription: String { description }

    /// `text` with every occurrence of the key replaced.
    func redact(_ text: String) -> String {
        value.isEmpty ? text : text.replacingOccurrences(of: value, with: "[redacted]")
    }
}
