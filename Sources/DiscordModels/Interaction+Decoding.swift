import Foundation

/// Reading INTERACTION_CREATE with as few trips through `Codable`'s generic path as possible.
///
/// With Foundation's `JSONDecoder`, every `decode(T.self)` of a type of ours (a snowflake, an
/// enum, a member) makes a nested decoder and checks `T` against the types it special-cases;
/// INTERACTION_CREATE was 20–25% of the bot's CPU per interaction. The helpers here read the
/// same JSON through the containers' concrete `String`/`Int`/`Bool`/`UInt64` entry points and
/// build the values as their own `init(from:)` would: a snowflake is a decimal string (or a
/// number), an enum its integer, permissions a decimal string (or a number), a timestamp ISO 8601.
/// Rare or large parts (`message`, `resolved`, `entitlements`, option lists) still go through their
/// types' own conformances. Each `FieldKeys` lists every stored property of its type (a test checks
/// it with `Mirror`, so a new field cannot be skipped here unnoticed).
extension KeyedDecodingContainer {
    func snowflake<Kind>(_ key: Key, as kind: Kind.Type = Kind.self) throws -> Snowflake<Kind> {
        guard let value = try snowflakeIfPresent(key, as: kind) else {
            throw DecodingError.valueNotFound(
                String.self, .init(codingPath: codingPath + [key], debugDescription: "Expected a snowflake, found null"))
        }
        return value
    }

    /// nil when the key is absent or null, as `decodeIfPresent(Snowflake.self)`.
    func snowflakeIfPresent<Kind>(_ key: Key, as kind: Kind.Type = Kind.self) throws -> Snowflake<Kind>? {
        let string: String?
        do {
            string = try decodeIfPresent(String.self, forKey: key)
        } catch DecodingError.typeMismatch {
            return Snowflake(try decode(UInt64.self, forKey: key))  // a JSON number
        }
        guard let string else { return nil }
        guard let value = parseSnowflakeDecimal(string) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "Snowflake is not a decimal string: \(string)")
        }
        return Snowflake(value)
    }

    /// As `Permissions.init(from:)`: a decimal string, or a number.
    func permissionsIfPresent(_ key: Key) throws -> Permissions? {
        let string: String?
        do {
            string = try decodeIfPresent(String.self, forKey: key)
        } catch DecodingError.typeMismatch {
            return Permissions(rawValue: try decode(UInt64.self, forKey: key))
        }
        guard let string else { return nil }
        guard let value = UInt64(string) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "Permissions: \(string)")
        }
        return Permissions(rawValue: value)
    }

    /// As `DiscordTimestamp.init(from:)`.
    func timestampIfPresent(_ key: Key) throws -> DiscordTimestamp? {
        guard let string = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = DiscordTimestamp.parse(Array(string.utf8)) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "Not an ISO 8601 timestamp: \(string)")
        }
        return DiscordTimestamp(date)
    }

    /// A `DiscordEnum` from its integer.
    func discordEnum<T: DiscordEnum>(_ key: Key, as type: T.Type = T.self) throws -> T {
        T(rawValue: try decode(Int.self, forKey: key))
    }

    func discordEnumIfPresent<T: DiscordEnum>(_ key: Key, as type: T.Type = T.self) throws -> T? {
        try decodeIfPresent(Int.self, forKey: key).map(T.init(rawValue:))
    }

    /// `[Snowflake]` (each element a decimal string or a number).
    func snowflakes<Kind>(_ key: Key, as kind: Kind.Type = Kind.self) throws -> [Snowflake<Kind>] {
        var array = try nestedUnkeyedContainer(forKey: key)
        var values: [Snowflake<Kind>] = []
        if let count = array.count { values.reserveCapacity(count) }
        while !array.isAtEnd {
            let string: String
            do {
                string = try array.decode(String.self)
            } catch DecodingError.typeMismatch {
                values.append(Snowflake(try array.decode(UInt64.self)))
                continue
            }
            guard let value = parseSnowflakeDecimal(string) else {
                throw DecodingError.dataCorruptedError(in: array, debugDescription: "Snowflake is not a decimal string: \(string)")
            }
            values.append(Snowflake(value))
        }
        return values
    }
}

extension User {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case id, username, discriminator, global_name, avatar, bot, system, banner, accent_color, public_flags
    }

    /// The same value as `User.init(from:)` (its synthesized conformance), from a nested container.
    init(fields c: KeyedDecodingContainer<FieldKeys>) throws {
        self.init(id: try c.snowflake(.id), username: try c.decode(String.self, forKey: .username))
        discriminator = try c.decodeIfPresent(String.self, forKey: .discriminator)
        global_name = try c.decodeIfPresent(String.self, forKey: .global_name)
        avatar = try c.decodeIfPresent(String.self, forKey: .avatar)
        bot = try c.decodeIfPresent(Bool.self, forKey: .bot)
        system = try c.decodeIfPresent(Bool.self, forKey: .system)
        banner = try c.decodeIfPresent(String.self, forKey: .banner)
        accent_color = try c.decodeIfPresent(Int.self, forKey: .accent_color)
        public_flags = try c.decodeIfPresent(Int.self, forKey: .public_flags)
    }
}

extension GuildMember {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case user, nick, avatar, roles, joined_at, premium_since, deaf, mute, flags, pending, permissions,
            communication_disabled_until
    }

    /// The same value as `GuildMember.init(from:)` (its synthesized conformance), from a nested container.
    init(fields c: KeyedDecodingContainer<FieldKeys>) throws {
        self.init(roles: try c.snowflakes(.roles))
        if c.contains(.user), try !c.decodeNil(forKey: .user) {
            user = try User(fields: c.nestedContainer(keyedBy: User.FieldKeys.self, forKey: .user))
        }
        nick = try c.decodeIfPresent(String.self, forKey: .nick)
        avatar = try c.decodeIfPresent(String.self, forKey: .avatar)
        joined_at = try c.timestampIfPresent(.joined_at)
        premium_since = try c.timestampIfPresent(.premium_since)
        deaf = try c.decodeIfPresent(Bool.self, forKey: .deaf)
        mute = try c.decodeIfPresent(Bool.self, forKey: .mute)
        flags = try c.decodeIfPresent(Int.self, forKey: .flags)
        pending = try c.decodeIfPresent(Bool.self, forKey: .pending)
        permissions = try c.permissionsIfPresent(.permissions)
        communication_disabled_until = try c.timestampIfPresent(.communication_disabled_until)
    }
}

extension ApplicationCommandData {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case id, name, type, resolved, options, guild_id, target_id
    }

    /// The same value as `ApplicationCommandData.init(from:)` (its synthesized conformance).
    init(fields c: KeyedDecodingContainer<FieldKeys>) throws {
        self.init(
            id: try c.snowflake(.id), name: try c.decode(String.self, forKey: .name),
            type: try c.discordEnum(.type), resolved: try c.decodeIfPresent(ResolvedData.self, forKey: .resolved),
            options: try c.decodeIfPresent([InteractionOption].self, forKey: .options),
            guild_id: try c.snowflakeIfPresent(.guild_id), target_id: try c.snowflakeIfPresent(.target_id))
    }
}

extension Channel {
    enum FieldKeys: String, CodingKey, CaseIterable {
        case id, type, guild_id, name, position, parent_id, topic, nsfw, permissions
    }

    /// The same value as `Channel.init(from:)` (its synthesized conformance), from a nested container.
    init(fields c: KeyedDecodingContainer<FieldKeys>) throws {
        self.init(
            id: try c.snowflake(.id), type: try c.discordEnum(.type), guild_id: try c.snowflakeIfPresent(.guild_id),
            name: try c.decodeIfPresent(String.self, forKey: .name))
        position = try c.decodeIfPresent(Int.self, forKey: .position)
        parent_id = try c.snowflakeIfPresent(.parent_id)
        topic = try c.decodeIfPresent(String.self, forKey: .topic)
        nsfw = try c.decodeIfPresent(Bool.self, forKey: .nsfw)
        permissions = try c.permissionsIfPresent(.permissions)
    }
}

/// Any key of a JSON object (`authorizing_integration_owners`).
struct AnyJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
