import Foundation

/// The JSON body of a Discord 429.
/// https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit-rate-limit-response-structure
struct RateLimitBody: Decodable, Sendable {
    var message: String?
    /// Seconds to wait before retrying.
    var retryAfterSeconds: Double?
    var global: Bool?
    var code: Int?

    enum CodingKeys: String, CodingKey {
        case message, global, code
        case retryAfterSeconds = "retry_after"
    }

    var retryAfter: Duration? { retryAfterSeconds.flatMap { RateLimitHeaders.seconds(String($0)) } }
}
