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

    /// Reads the headers from name/value pairs (names compared case-insensitively, values trimmed
    /// of spaces and tabs). Byte comparisons only: every header of every response passes here.
    public init(_ pairs: some Sequence<(name: String, value: String)>) {
        self.init()
        for (name, value) in pairs {
            guard let first = name.utf8.first, first | 0x20 == UInt8(ascii: "x") || first | 0x20 == UInt8(ascii: "r") else {
                continue
            }
            switch Self.field(named: name) {
            case nil: break
            case .limit?: limit = Int(Self.trimmed(value))
            case .remaining?: remaining = Int(Self.trimmed(value))
            case .resetAfter?: resetAfter = Self.seconds(Self.trimmed(value))
            case .bucket?:
                let text = Self.trimmed(value)
                bucket = text.isEmpty ? nil : String(text)
            case .global?: isGlobal = Self.equalsIgnoringCase(Self.trimmed(value).utf8, "true")
            case .scope?: scope = Scope(String(Self.trimmed(value)))
            case .retryAfter?: retryAfter = Self.seconds(Self.trimmed(value))
            }
        }
    }

    private enum Field: CaseIterable {
        case limit, remaining, resetAfter, bucket, global, scope, retryAfter

        var lowercasedName: StaticString {
            switch self {
            case .limit: "x-ratelimit-limit"
            case .remaining: "x-ratelimit-remaining"
            case .resetAfter: "x-ratelimit-reset-after"
            case .bucket: "x-ratelimit-bucket"
            case .global: "x-ratelimit-global"
            case .scope: "x-ratelimit-scope"
            case .retryAfter: "retry-after"
            }
        }
    }

    private static func field(named name: String) -> Field? {
        let utf8 = name.utf8
        for field in Field.allCases {
            let known = field.lowercasedName
            if known.utf8CodeUnitCount == utf8.count, equalsIgnoringCase(utf8, known) { return field }
        }
        return nil
    }

    /// ASCII case-insensitive comparison with a lowercase name.
    private static func equalsIgnoringCase(_ text: some Collection<UInt8>, _ lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { known in
            guard known.count == text.count else { return false }
            return zip(text, known).allSatisfy { byte, expected in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 == expected : byte == expected
            }
        }
    }

    private static func trimmed(_ value: String) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = value.firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = value.lastIndex(where: { !isBlank($0) })!
        return value[start...end]
    }

    /// Whether any `X-RateLimit-*` header came: a 429 without them is Cloudflare's, not Discord's.
    public var hasDiscordHeaders: Bool {
        limit != nil || remaining != nil || resetAfter != nil || bucket != nil || isGlobal || scope != nil
    }

    static func seconds(_ text: some StringProtocol) -> Duration? {
        guard let value = Double(text), value.isFinite, value >= 0 else { return nil }
        return .milliseconds(Int64((value * 1000).rounded(.up)))
    }
}
