/// The recorded gateway stream of the ingest benchmark, generated deterministically from a seed:
/// a GUILD_CREATE burst (realistic guilds: categories, text and voice channels, roles, a sample of
/// members) followed by a MESSAGE_CREATE-heavy mix (MESSAGE_CREATE, TYPING_START,
/// PRESENCE_UPDATE, MESSAGE_UPDATE) in those guilds' channels, by those guilds' members.
///
/// Two marker guilds frame it: GUILD_CREATE of `beginMarkerID` comes first and of `endMarkerID`
/// last, so a client can read its CPU time exactly around the stream.
struct IngestStream {
    struct Event {
        var name: String
        var json: String
    }

    static let beginMarkerID: UInt64 = 1_000_000_000_000_000_001
    static let endMarkerID: UInt64 = 1_000_000_000_000_000_002

    var guildCount: Int
    var messageEvents: Int
    var seed: UInt64

    /// Every event of the stream, markers included, in order.
    func events() -> [Event] {
        var random = SplitMix64(seed: seed)
        var ids = SnowflakeSequence(start: 1_300_000_000_000_000_000)
        var events: [Event] = []
        events.reserveCapacity(guildCount + messageEvents + 2)
        events.append(Event(name: "GUILD_CREATE", json: Self.markerGuild(Self.beginMarkerID)))
        var guilds: [GuildShape] = []
        guilds.reserveCapacity(guildCount)
        for index in 0..<guildCount {
            let guild = GuildShape.make(index: index, random: &random, ids: &ids)
            guilds.append(guild)
            events.append(Event(name: "GUILD_CREATE", json: guild.json))
        }
        for _ in 0..<messageEvents {
            let guild = guilds[Int(random.next(below: UInt64(guilds.count)))]
            let roll = random.next(below: 100)
            let channel = guild.textChannels[Int(random.next(below: UInt64(guild.textChannels.count)))]
            let member = guild.members[Int(random.next(below: UInt64(guild.members.count)))]
            switch roll {
            case 0..<80:
                let id = ids.next()
                guild.remember(message: id)
                events.append(Event(name: "MESSAGE_CREATE", json: Self.message(id: id, guild: guild, channel: channel, author: member, random: &random, edited: false)))
            case 80..<88:
                events.append(Event(name: "TYPING_START", json: Self.typing(guild: guild, channel: channel, member: member)))
            case 88..<94:
                events.append(Event(name: "PRESENCE_UPDATE", json: Self.presence(guild: guild, member: member, random: &random)))
            default:
                let id = guild.recentMessage(random: &random) ?? ids.next()
                events.append(Event(name: "MESSAGE_UPDATE", json: Self.message(id: id, guild: guild, channel: channel, author: member, random: &random, edited: true)))
            }
        }
        events.append(Event(name: "GUILD_CREATE", json: Self.markerGuild(Self.endMarkerID)))
        return events
    }

    // MARK: - Payloads

    static let words = [
        "gacha", "pull", "legendary", "again", "pity", "finally", "who", "got", "the", "new", "banner", "today", "lol",
        "rates", "are", "rigged", "daily", "streak", "trade", "anyone", "epic", "common", "rare", "series", "keep", "replace",
        "inventory", "points", "shop", "tomorrow", "server", "event", "nice", "gg", "wow", "hello", "everyone", "check", "this",
    ]

    static func content(random: inout SplitMix64) -> String {
        let count = 3 + Int(random.next(below: 22))
        var text = ""
        for i in 0..<count {
            if i > 0 { text += " " }
            text += words[Int(random.next(below: UInt64(words.count)))]
        }
        return text
    }

    static func message(
        id: UInt64, guild: GuildShape, channel: UInt64, author: MemberShape, random: inout SplitMix64, edited: Bool
    ) -> String {
        let mentions = random.next(below: 10) == 0 ? "[\(guild.members[0].userJSON)]" : "[]"
        let embeds =
            random.next(below: 8) == 0
            ? #"[{"type":"rich","title":"Pulled a legendary","description":"\#(content(random: &random))","color":15844367,"fields":[{"name":"Rarity","value":"Legendary","inline":true}]}]"#
            : "[]"
        let edit = edited ? #""2025-06-01T12:05:00.000000+00:00""# : "null"
        return #"{"type":0,"tts":false,"timestamp":"2025-06-01T12:00:00.000000+00:00","pinned":false,"nonce":"\#(id &+ 17)","mentions":\#(mentions),"mention_roles":[],"mention_everyone":false,"member":\#(author.partialMemberJSON),"id":"\#(id)","flags":0,"embeds":\#(embeds),"edited_timestamp":\#(edit),"content":"\#(content(random: &random))","components":[],"channel_id":"\#(channel)","author":\#(author.userJSON),"attachments":[],"guild_id":"\#(guild.id)"}"#
    }

    static func typing(guild: GuildShape, channel: UInt64, member: MemberShape) -> String {
        #"{"user_id":"\#(member.id)","timestamp":1748779200,"member":\#(member.memberJSON),"channel_id":"\#(channel)","guild_id":"\#(guild.id)"}"#
    }

    static func presence(guild: GuildShape, member: MemberShape, random: inout SplitMix64) -> String {
        let statuses = ["online", "idle", "dnd", "offline"]
        let status = statuses[Int(random.next(below: 4))]
        let activities =
            status == "offline" ? "[]" : #"[{"type":0,"name":"Gachabot","id":"ec0b28a579ecb4bd","created_at":1748779200000}]"#
        return #"{"user":{"id":"\#(member.id)"},"status":"\#(status)","guild_id":"\#(guild.id)","client_status":{"desktop":"\#(status)"},"activities":\#(activities)}"#
    }

    static func markerGuild(_ id: UInt64) -> String {
        GuildShape.guildJSON(
            id: id, name: "marker", ownerID: 1_300_000_000_000_000_000, memberCount: 1, channels: [], roles: [
                #"{"id":"\#(id)","name":"@everyone","color":0,"hoist":false,"icon":null,"unicode_emoji":null,"position":0,"permissions":"2248473465835073","managed":false,"mentionable":false,"flags":0}"#
            ], members: [])
    }
}

/// One generated guild: what later events refer to, and its GUILD_CREATE.
final class GuildShape {
    let id: UInt64
    let textChannels: [UInt64]
    let members: [MemberShape]
    let json: String
    private var recentMessages: [UInt64] = []

    init(id: UInt64, textChannels: [UInt64], members: [MemberShape], json: String) {
        self.id = id
        self.textChannels = textChannels
        self.members = members
        self.json = json
    }

    func remember(message id: UInt64) {
        if recentMessages.count >= 50 { recentMessages.removeFirst() }
        recentMessages.append(id)
    }

    func recentMessage(random: inout SplitMix64) -> UInt64? {
        recentMessages.isEmpty ? nil : recentMessages[Int(random.next(below: UInt64(recentMessages.count)))]
    }

    static func make(index: Int, random: inout SplitMix64, ids: inout SnowflakeSequence) -> GuildShape {
        let id = ids.next()
        let roleCount = 5 + Int(random.next(below: 21))
        let categoryCount = 2 + Int(random.next(below: 4))
        let textCount = 6 + Int(random.next(below: 25))
        let voiceCount = 1 + Int(random.next(below: 6))
        let memberCount = 10 + Int(random.next(below: 41))

        var roles = [
            #"{"id":"\#(id)","name":"@everyone","color":0,"hoist":false,"icon":null,"unicode_emoji":null,"position":0,"permissions":"2248473465835073","managed":false,"mentionable":false,"flags":0}"#
        ]
        var roleIDs: [UInt64] = []
        for r in 1..<roleCount {
            let roleID = ids.next()
            roleIDs.append(roleID)
            let color = random.next(below: 0xFFFFFF)
            roles.append(
                #"{"id":"\#(roleID)","name":"role \#(r)","color":\#(color),"hoist":\#(r % 3 == 0),"icon":null,"unicode_emoji":null,"position":\#(r),"permissions":"\#(random.next(below: 1 << 40))","managed":false,"mentionable":\#(r % 2 == 0),"flags":0}"#
            )
        }
        var channels: [String] = []
        var categories: [UInt64] = []
        for c in 0..<categoryCount {
            let channelID = ids.next()
            categories.append(channelID)
            channels.append(
                #"{"id":"\#(channelID)","type":4,"name":"category \#(c)","position":\#(c),"flags":0,"permission_overwrites":[]}"#)
        }
        var textChannels: [UInt64] = []
        for t in 0..<textCount {
            let channelID = ids.next()
            textChannels.append(channelID)
            let parent = categories[t % categories.count]
            let overwrites =
                roleIDs.isEmpty || t % 4 != 0
                ? "[]" : #"[{"id":"\#(roleIDs[t % roleIDs.count])","type":0,"allow":"1024","deny":"2048"}]"#
            channels.append(
                #"{"id":"\#(channelID)","type":0,"name":"channel-\#(t)","position":\#(t),"parent_id":"\#(parent)","topic":"Talk about pulls and trades in channel \#(t)","nsfw":false,"rate_limit_per_user":0,"last_message_id":"\#(channelID &+ 1)","flags":0,"permission_overwrites":\#(overwrites)}"#
            )
        }
        for v in 0..<voiceCount {
            let channelID = ids.next()
            channels.append(
                #"{"id":"\#(channelID)","type":2,"name":"voice \#(v)","position":\#(v),"parent_id":"\#(categories[0])","bitrate":64000,"user_limit":0,"rtc_region":null,"flags":0,"permission_overwrites":[]}"#
            )
        }
        var members: [MemberShape] = []
        for m in 0..<memberCount {
            let userID = ids.next()
            var memberRoles: [UInt64] = []
            if !roleIDs.isEmpty {
                for _ in 0..<Int(random.next(below: 4)) { memberRoles.append(roleIDs[Int(random.next(below: UInt64(roleIDs.count)))]) }
            }
            members.append(MemberShape(id: userID, name: "member\(index)_\(m)", roles: memberRoles))
        }
        let json = guildJSON(
            id: id, name: "Guild \(index)", ownerID: members[0].id, memberCount: memberCount * 40, channels: channels,
            roles: roles, members: members.map(\.memberJSON))
        return GuildShape(id: id, textChannels: textChannels, members: members, json: json)
    }

    static func guildJSON(
        id: UInt64, name: String, ownerID: UInt64, memberCount: Int, channels: [String], roles: [String], members: [String]
    ) -> String {
        #"{"id":"\#(id)","name":"\#(name)","icon":null,"icon_hash":null,"splash":null,"discovery_splash":null,"owner_id":"\#(ownerID)","afk_channel_id":null,"afk_timeout":300,"widget_enabled":false,"verification_level":1,"default_message_notifications":1,"explicit_content_filter":2,"features":["COMMUNITY","NEWS"],"mfa_level":0,"application_id":null,"system_channel_id":null,"system_channel_flags":0,"rules_channel_id":null,"max_presences":null,"max_members":500000,"vanity_url_code":null,"description":null,"banner":null,"premium_tier":1,"premium_subscription_count":3,"preferred_locale":"en-US","public_updates_channel_id":null,"max_video_channel_users":25,"nsfw_level":0,"premium_progress_bar_enabled":false,"safety_alerts_channel_id":null,"emojis":[],"stickers":[],"joined_at":"2025-01-01T00:00:00.000000+00:00","large":\#(memberCount > 250),"unavailable":false,"member_count":\#(memberCount),"voice_states":[],"members":[\#(members.joined(separator: ","))],"channels":[\#(channels.joined(separator: ","))],"threads":[],"presences":[],"stage_instances":[],"guild_scheduled_events":[],"soundboard_sounds":[]}"#
    }
}

/// A member of a generated guild.
struct MemberShape {
    let id: UInt64
    let name: String
    let roles: [UInt64]

    var userJSON: String {
        #"{"id":"\#(id)","username":"\#(name)","global_name":"\#(name.capitalized)","discriminator":"0","avatar":null,"public_flags":0,"avatar_decoration_data":null}"#
    }

    var rolesJSON: String { "[" + roles.map { "\"\($0)\"" }.joined(separator: ",") + "]" }

    /// A guild member with its user (GUILD_CREATE, TYPING_START).
    var memberJSON: String {
        #"{"user":\#(userJSON),"nick":null,"avatar":null,"roles":\#(rolesJSON),"joined_at":"2025-02-01T00:00:00.000000+00:00","premium_since":null,"deaf":false,"mute":false,"flags":0,"pending":false}"#
    }

    /// The member object of MESSAGE_CREATE (without `user`).
    var partialMemberJSON: String {
        #"{"nick":null,"avatar":null,"roles":\#(rolesJSON),"joined_at":"2025-02-01T00:00:00.000000+00:00","premium_since":null,"deaf":false,"mute":false,"flags":0,"pending":false}"#
    }
}

/// Increasing snowflakes, so every object of the stream has its own id.
struct SnowflakeSequence {
    private var value: UInt64
    init(start: UInt64) { value = start }
    mutating func next() -> UInt64 {
        value += 1 << 22
        return value
    }
}

/// SplitMix64: a small deterministic generator, so the same seed gives the same stream anywhere.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(below bound: UInt64) -> UInt64 { next() % max(bound, 1) }
}
