/// How the sandbox rate-limits one route (path template): its limit per window and its bucket's
/// id (`X-RateLimit-Bucket`, a hash of the template). Worked out once per template when the OpenAPI
/// description is indexed, not per request.
struct RateLimitRule: Sendable {
    let limit: Int
    let window: Duration
    /// `X-RateLimit-Bucket`: the template's FNV-1a hash in hex.
    let bucket: String
    /// `X-RateLimit-Limit`.
    let limitHeader: String

    init(template: String) {
        (limit, window) = Self.limit(for: template)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in template.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        bucket = String(hash, radix: 16)
        limitHeader = String(limit)
    }

    private static func limit(for template: String) -> (count: Int, window: Duration) {
        if template.hasPrefix("/channels/{channel_id}/messages") { return (5, .seconds(5)) }
        if template.hasPrefix("/interactions/") { return (1, .seconds(1)) }
        if template.contains("/commands") { return (2, .seconds(20)) }
        return (50, .seconds(1))
    }
}
