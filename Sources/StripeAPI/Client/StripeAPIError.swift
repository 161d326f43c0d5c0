/// A failed Stripe call. Carries what Stripe said (its error type, code, message, the request id
/// for support) and never the secret key: the client removes it from any text it keeps.
public enum StripeAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stripe answered with an error object (https://docs.stripe.com/api/errors).
    case api(status: Int, type: String, code: String?, parameter: String?, message: String, requestID: String?)
    /// No answer: the connection failed or timed out, after the retries.
    case connection(reason: String)
    /// An answer that is not the JSON expected.
    case unexpectedResponse(status: Int, reason: String)
    /// The client is not set up to make the call (no key, say).
    case misconfigured(reason: String)

    public var description: String {
        switch self {
        case .api(let status, let type, let code, let parameter, let message, let requestID):
            var text = "Stripe answered \(status) (\(type)"
            if let code { text += ", \(code)" }
            text += ")"
            if let parameter { text += " about \(parameter)" }
            text += ": \(message)"
            if let requestID { text += " [request \(requestID)]" }
            return text
        case .connection(let reason): return "could not reach Stripe: \(reason)"
        case .unexpectedResponse(let status, let reason): return "unexpected answer from Stripe (\(status)): \(reason)"
        case .misconfigured(let reason): return "the Stripe client is not configured: \(reason)"
        }
    }

    /// The HTTP status, if Stripe answered.
    public var status: Int? {
        switch self {
        case .api(let status, _, _, _, _, _), .unexpectedResponse(let status, _): status
        case .connection, .misconfigured: nil
        }
    }
}
