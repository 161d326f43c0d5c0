import DiscordModels

/// Why a REST call failed. Descriptions never contain the bot token or an interaction token:
/// text that came from the server is redacted before it is stored here.
public enum DiscordRESTError: Error, Sendable, CustomStringConvertible {
    /// Discord answered with an error status; `body` is its JSON error (code, message, field errors)
    /// when there was one. 5xx statuses land here after the retries are spent.
    case http(status: Int, body: DiscordErrorBody?)
    /// A rate limit would make the request wait longer than allowed, or 429s kept coming.
    case rateLimited(retryAfter: Duration, global: Bool, endpoint: String)
    /// Discord answered 401 to the bot token once; every later request fails at once without
    /// being sent, so a bad or reset token does not hammer Discord. Fix the token and restart.
    case tokenRejected
    /// Sending would bring the invalid requests (401/403/429) of the last window close to
    /// Discord's 10,000 per 10 minutes, which gets the IP banned by Cloudflare.
    case invalidRequestBudgetExhausted(count: Int, window: Duration)
    /// The request did not get an answer: connection refused or reset, timeout, TLS failure.
    case transport(message: String, attempts: Int)
    /// The answer was not the JSON we expected.
    case decoding(message: String)
    /// The body could not be encoded (nothing was sent).
    case encoding(message: String)
    /// The caller's task was cancelled while waiting.
    case cancelled

    public var description: String {
        switch self {
        case .http(let status, let body?):
            var text = "Discord answered HTTP \(status): \(body.message) (code \(body.code))"
            for field in body.fieldErrors {
                text += "\n  \(field.path): \(field.message) [\(field.code)]"
            }
            return text
        case .http(let status, nil):
            return "Discord answered HTTP \(status)"
        case .rateLimited(let retryAfter, let global, let endpoint):
            return "Rate limited on \(global ? "the global limit" : endpoint); retry after \(retryAfter)"
        case .tokenRejected:
            return "Discord rejected the bot token (HTTP 401); requests stopped. Check DISCORD_TOKEN and restart."
        case .invalidRequestBudgetExhausted(let count, let window):
            return "Refusing to send: \(count) invalid requests (401/403/429) in the last \(window); Discord bans the IP at 10,000 per 10 minutes"
        case .transport(let message, let attempts):
            return "No answer from Discord after \(attempts) attempt(s): \(message)"
        case .decoding(let message):
            return "Unexpected response from Discord: \(message)"
        case .encoding(let message):
            return "Could not encode the request body: \(message)"
        case .cancelled:
            return "The request was cancelled"
        }
    }
}
