import Testing

@testable import DiscordREST

/// `RateLimitHeaders` reads names in any case and values with blanks around them, and ignores
/// every other header (byte comparisons, no Foundation).
struct RateLimitHeaderParsingTests {
    @Test func namesInAnyCaseAndBlankPaddedValuesAreRead() {
        let headers = RateLimitHeaders([
            (name: "X-RATELIMIT-LIMIT", value: " 10 "), (name: "x-RateLimit-remaining", value: "\t7"),
            (name: "x-ratelimit-reset-after", value: "0.5  "), (name: "X-RATELIMIT-BUCKET", value: " b1 "),
            (name: "x-ratelimit-global", value: " TRUE "), (name: "X-RateLimit-Scope", value: " Global"),
            (name: "RETRY-AFTER", value: " 1.0001 "),
        ])
        #expect(headers == RateLimitHeaders(
            limit: 10, remaining: 7, resetAfter: .milliseconds(500), bucket: "b1", isGlobal: true, scope: .global,
            retryAfter: .milliseconds(1001)))
    }

    @Test func otherHeadersAndBadValuesAreIgnored() {
        let headers = RateLimitHeaders([
            (name: "X-Request-Id", value: "5"), (name: "x-ratelimit-limitx", value: "5"), (name: "Retry-After-Ms", value: "5"),
            (name: "Content-Length", value: "5"), (name: "x", value: "5"), (name: "", value: "5"),
            (name: "X-RateLimit-Remaining", value: "many"), (name: "X-RateLimit-Bucket", value: "   "),
            (name: "X-RateLimit-Global", value: "yes"), (name: "Retry-After", value: "-1"),
        ])
        #expect(headers == RateLimitHeaders())
        #expect(!headers.hasDiscordHeaders)
        #expect(RateLimitHeaders([(name: "x-ratelimit-scope", value: " odd ")]).scope == .unknown("odd"))
    }
}
