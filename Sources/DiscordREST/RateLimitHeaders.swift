import Foundation

/// The rate-limit headers of one response.
/// https://discord.com/developers/docs/topics/rate-limits#header-format
public struct RateLimitHeaders: Sendable, Equatable {
    /// `X-RateLimit-Scope` of a 429.
    public enum Scope: Sendable, Equatable {
        case user, global, shared
        case unknown(String)
        init(_ raw: String) {
            switch raw.lowercased() {
            case "user": self = .user
            case "global": self = .global
            case "shared": self = .shared
            default: self = .unknown(raw)
            }
        }
    }

    public var limit: Int?
    public var remaining: Int?
    /// `X-RateLimit-Reset-After`: relative, so immune to clock skew (preferred over `Reset`).
    public var resetAfter: Duration?
    public var bucket: String?
    public var isGlobal: Bool
    public var scope: Scope?
    /// `Retry-After` (seconds), set on 429s, including Cloudflare's.
    public var retryAfter: Duration?

    public init(
        limit: Int? = nil, remaining: Int? = nil, resetAfter: Duration? = nil, bucket: String? = nil,
        isGlobal: Bool = false, scope: Scope? = nil, retryAfter: Duration? = nil
    ) {
        self.limit = limit
        self.remaining = remaining
        self.resetAfter = resetAfter
        self.bucket = bucket
        self.isGlobal = isGlobal
        self.scope = scope
        self.retryAfter = retryAfter
    }

    /// Reads the headers from name/value pairs (names compared case-insensitively).
    public init(_ pairs: some Sequence<(name: String, value: String)>) {
        self.init()
        for (name, value) in pairs {
            // Every header of every response passes here: skip the ones that cannot be ours before
            // lowercasing and trimming (both allocate).
            guard let first = name.utf8.first, Self.firstLetters.contains(first) else { continue }
            let value = value.trimmingCharacters(in: .whitespaces)
            switch name.lowercased() {
            case "x-ratelimit-limit": limit = Int(value)
            case "x-ratelimit-remaining": remaining = Int(value)
            case "x-ratelimit-reset-after": resetAfter = Self.seconds(value)
            case "x-ratelimit-bucket": bucket = value.isEmpty ? nil : value
            case "x-ratelimit-global": isGlobal = value.lowercased() == "true"
            case "x-ratelimit-scope": scope = Scope(value)
            case "retry-after": retryAfter = Self.seconds(value)
            default: break
            }
        }
    }

    /// Whether any `X-RateLimit-*` header came: a 429 without them is Cloudflare's, not Discord's.
    public var hasDiscordHeaders: Bool {
        limit != nil || remaining != nil || resetAfter != nil || bucket != nil || isGlobal || scope != nil
    }

    /// `x`/`X` (the `X-RateLimit-*` headers) and `r`/`R` (`Retry-After`).
    private static let firstLetters: Set<UInt8> = [UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "r"), UInt8(ascii: "R")]

    static func seconds(_ text: String) -> Duration? {
        guard let value = Double(text), value.isFinite, value >= 0 else { return nil }
        return .milliseconds(Int64((value * 1000).rounded(.up)))
    }
}
