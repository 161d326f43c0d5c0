import Foundation

/// GUILD_CREATE as a bot without a cache reads it: the guild's own top-level fields, without
/// its channels, roles, members, presences or emojis (by far most of the payload: 18 KB for a
/// mid-sized guild). Read by `decode(_:)` with the byte scanner: the wanted keys are decoded, every
/// other value is skipped at scan speed. The full model stays available as `GuildCreate`.
/// https://discord.com/developers/docs/events/gateway-events#guild-create
public struct GuildCreateSummary: Sendable, Hashable {
    public var id: GuildID
    public var name: String?
    public var icon: String?
    public var owner_id: UserID?
    public var member_count: Int?
    public var unavailable: Bool?
    public var joined_at: DiscordTimestamp?
    public var large: Bool?
    public var preferred_locale: String?

    public init(
        id: GuildID, name: String? = nil, icon: String? = nil, owner_id: UserID? = nil, member_count: Int? = nil,
        unavailable: Bool? = nil, joined_at: DiscordTimestamp? = nil, large: Bool? = nil, preferred_locale: String? = nil
    ) {
        self.id = id
        self.name = name
        self.icon = icon
        self.owner_id = owner_id
        self.member_count = member_count
        self.unavailable = unavailable
        self.joined_at = joined_at
        self.large = large
        self.preferred_locale = preferred_locale
    }

    /// The same fields of a fully decoded GUILD_CREATE.
    public init(_ guild: GuildCreate) {
        self.init(
            id: guild.id, name: guild.name, icon: guild.icon, owner_id: guild.owner_id, member_count: guild.member_count,
            unavailable: guild.unavailable, joined_at: guild.joined_at, large: guild.large,
            preferred_locale: guild.preferred_locale)
    }

    /// Why a GUILD_CREATE `d` could not be read.
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The byte offset in `d` where reading failed.
        public var offset: Int
        public var reason: String
        public var description: String { "GUILD_CREATE summary: \(reason) at byte \(offset)" }
    }

    /// Reads the summary from the bytes of GUILD_CREATE's `d`. The wanted values are checked as
    /// `JSONDecoder` would check them (types, escapes, ids as decimal strings or numbers, ISO 8601
    /// `joined_at`); skipped values are only checked to be well delimited. Reading stops as soon
    /// as all nine wanted keys were read: what follows them (in Discord's documented example and in
    /// its payloads, the channels, members, presences… arrays) is not looked at.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> GuildCreateSummary {
        var reader = Reader(scanner: JSONScanner(bytes))
        return try reader.read()
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> GuildCreateSummary {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(DecodingError) in try decode(buffer) }
        }.get()
    }

    public static func decode(_ bytes: ArraySlice<UInt8>) throws(DecodingError) -> GuildCreateSummary {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(DecodingError) in try decode(buffer) }
        }.get()
    }

    public static func decode(_ data: Data) throws(DecodingError) -> GuildCreateSummary {
        try data.withUnsafeBytes { buffer in
            Result { () throws(DecodingError) in try decode(buffer) }
        }.get()
    }

    private enum Key: Int {
        case id, name, icon, owner_id, member_count, unavailable, joined_at, large, preferred_locale, other

        /// One bit per wanted key.
        var bit: UInt16 { self == .other ? 0 : 1 << UInt16(rawValue) }
        static let allWanted: UInt16 = (1 << 9) - 1

        /// Compares the raw key bytes (no escapes) without building a `String`.
        init(_ key: UnsafeRawBufferPointer) {
            func equals(_ literal: StaticString) -> Bool {
                guard literal.utf8CodeUnitCount == key.count, let base = key.baseAddress else { return false }
                return memcmp(literal.utf8Start, base, key.count) == 0
            }
            switch key.count {
            case 2: self = equals("id") ? .id : .other
            case 4: self = equals("name") ? .name : equals("icon") ? .icon : .other
            case 5: self = equals("large") ? .large : .other
            case 8: self = equals("owner_id") ? .owner_id : .other
            case 9: self = equals("joined_at") ? .joined_at : .other
            case 11: self = equals("unavailable") ? .unavailable : .other
            case 12: self = equals("member_count") ? .member_count : .other
            case 16: self = equals("preferred_locale") ? .preferred_locale : .other
            default: self = .other
            }
        }

        init(_ key: String) {
            var key = key
            self = key.withUTF8 { Key(UnsafeRawBufferPointer($0)) }
        }
    }

    private struct Reader {
        var scanner: JSONScanner

        func fail(_ reason: String) -> DecodingError { DecodingError(offset: scanner.index, reason: reason) }

        mutating func read() throws(DecodingError) -> GuildCreateSummary {
            var id: GuildID?
            var summary = GuildCreateSummary(id: 0)
            var seen: UInt16 = 0
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: "{")) else { throw fail("expected an object") }
            scanner.skipWhitespace()
            if !scanner.consume(UInt8(ascii: "}")) {
                while true {
                    scanner.skipWhitespace()
                    let key = try readKey()
                    scanner.skipWhitespace()
                    guard scanner.consume(UInt8(ascii: ":")) else { throw fail("expected ':'") }
                    scanner.skipWhitespace()
                    switch key {
                    case .id: id = try readSnowflake().map { GuildID($0) }
                    case .name: summary.name = try readString()
                    case .icon: summary.icon = try readString()
                    case .owner_id: summary.owner_id = try readSnowflake().map { UserID($0) }
                    case .member_count: summary.member_count = try readInteger()
                    case .unavailable: summary.unavailable = try readBool()
                    case .large: summary.large = try readBool()
                    case .preferred_locale: summary.preferred_locale = try readString()
                    case .joined_at:
                        let start = scanner.index
                        if let text = try readString() {
                            guard let date = DiscordTimestamp.parse(Array(text.utf8)) else {
                                throw DecodingError(offset: start, reason: "joined_at is not an ISO 8601 timestamp")
                            }
                            summary.joined_at = DiscordTimestamp(date)
                        } else {
                            summary.joined_at = nil
                        }
                    case .other:
                        guard scanner.skipValue() else { throw fail("malformed value") }
                    }
                    seen |= key.bit
                    if seen == Key.allWanted, let id {
                        // Everything wanted is read: the rest (channels, members…) is not walked.
                        summary.id = id
                        return summary
                    }
                    scanner.skipWhitespace()
                    if scanner.consume(UInt8(ascii: ",")) { continue }
                    if scanner.consume(UInt8(ascii: "}")) { break }
                    throw fail("expected ',' or '}'")
                }
            }
            scanner.skipWhitespace()
            guard scanner.index == scanner.bytes.count else { throw fail("trailing bytes") }
            guard let id else { throw fail("no id") }
            summary.id = id
            return summary
        }

        mutating func readKey() throws(DecodingError) -> Key {
            let start = scanner.index + 1
            guard scanner.skipString() else { throw fail("expected a key") }
            let body = UnsafeRawBufferPointer(rebasing: scanner.bytes[start..<(scanner.index - 1)])
            if !body.contains(JSONScanner.backslash) { return Key(body) }
            guard let key = JSONScanner.unescape(body) else { throw fail("bad escape in a key") }
            return Key(key)
        }

        /// A string or null.
        mutating func readString() throws(DecodingError) -> String? {
            if scanner.scanNull() { return nil }
            guard scanner.index < scanner.bytes.count, scanner.bytes[scanner.index] == JSONScanner.quote else {
                throw fail("expected a string")
            }
            guard let value = scanner.scanString() else { throw fail("malformed string") }
            return value
        }

        /// A snowflake: a decimal string (as Discord sends it) or a number; or null.
        mutating func readSnowflake() throws(DecodingError) -> UInt64? {
            if scanner.scanNull() { return nil }
            let start = scanner.index
            if scanner.index < scanner.bytes.count, scanner.bytes[scanner.index] == JSONScanner.quote {
                guard let text = scanner.scanString(), let value = parseSnowflakeDecimal(text) else {
                    throw DecodingError(offset: start, reason: "a snowflake is not a decimal string")
                }
                return value
            }
            guard let value = scanner.scanInteger(), value >= 0 else {
                throw DecodingError(offset: start, reason: "expected a snowflake")
            }
            return UInt64(value)
        }

        mutating func readInteger() throws(DecodingError) -> Int? {
            if scanner.scanNull() { return nil }
            guard let value = scanner.scanInteger() else { throw fail("expected an integer") }
            return value
        }

        mutating func readBool() throws(DecodingError) -> Bool? {
            if scanner.scanNull() { return nil }
            if scanner.consumeLiteral("true") { return true }
            if scanner.consumeLiteral("false") { return false }
            throw fail("expected true or false")
        }
    }
}

extension JSONScanner {
    /// Consumes `literal` if the bytes at `index` spell it and no letter or digit follows.
    mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        for k in 0..<n where bytes[index + k] != literal.utf8Start[k] { return false }
        if index + n < bytes.count {
            switch bytes[index + n] {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return false
            default: break
            }
        }
        index += n
        return true
    }
}
