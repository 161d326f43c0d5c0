import Foundation
import Testing

@testable import DiscordModels

@Suite struct GatewayTests {
    @Test func helloFixture() throws {
        let payload = try Fixture.bytes("hello")
        let header = try #require(GatewayFrameHeader.scan(payload))
        #expect(header.op == .hello)
        #expect(header.sequence == nil)
        #expect(header.eventName == nil)
        let d = try #require(header.data(in: payload))
        #expect(try JSONDecoder().decode(Hello.self, from: Data(d)).heartbeat_interval == 45000)
    }

    @Test func readyFixture() throws {
        let (header, d) = try Fixture.dispatch("ready")
        #expect(header.op == .dispatch && header.sequence == 1 && header.eventName == "READY")
        guard case .ready(let ready) = try GatewayDispatch.decode(eventName: "READY", data: d) else {
            Issue.record("not ready")
            return
        }
        #expect(ready.v == 10)
        #expect(ready.session_id == "9c8f7ae3cd8e1b2a5a1e3b0fbb2c1d4e")
        #expect(ready.resume_gateway_url == "wss://gateway-us-east1-b.discord.gg")
        #expect(ready.guilds.map(\.id) == [41_771_983_423_143_937, 81_384_788_765_712_384])
        #expect(ready.application.id == 1_234_567_890_123_456_789)
        #expect(ready.shard == [0, 1])
        #expect(ready.user.bot == true)
    }

    @Test func guildCreateFixtureKeepsUnknownChannelType() throws {
        let (header, d) = try Fixture.dispatch("guild_create")
        #expect(header.eventName == "GUILD_CREATE" && header.sequence == 2)
        guard case .guildCreate(let guild) = try GatewayDispatch.decode(eventName: "GUILD_CREATE", data: d) else {
            Issue.record("not guild create")
            return
        }
        #expect(guild.id == 197_038_439_483_310_086)
        #expect(guild.name == "Discord Testers")
        #expect(guild.owner_id == 73_193_882_359_173_120)
        #expect(guild.member_count == 54321)
        #expect(guild.large == true && guild.unavailable == false)
        #expect(guild.joined_at == DiscordTimestamp(iso8601: "2021-01-01T00:00:00Z"))
        #expect(guild.roles?.first?.permissions?.contains(.viewChannel) == true)
        #expect(guild.channels?.map(\.type) == [.guildText, .guildAnnouncement, .unknown(99)])
    }

    @Test func entitlementCreateFixture() throws {
        let (_, d) = try Fixture.dispatch("entitlement_create")
        guard case .entitlementCreate(let entitlement) = try GatewayDispatch.decode(eventName: "ENTITLEMENT_CREATE", data: d)
        else {
            Issue.record("not an entitlement")
            return
        }
        #expect(entitlement.sku_id == 1_019_475_255_913_222_144)
        #expect(entitlement.type == .applicationSubscription)
        #expect(entitlement.user_id == 771_129_655_544_643_584)
        #expect(entitlement.consumed == false && entitlement.deleted == false)
        #expect(entitlement.ends_at.map { $0 > entitlement.starts_at! } == true)
    }

    @Test func rateLimitedFixture() throws {
        let payload = try Fixture.bytes("rate_limited")
        let header = try #require(GatewayFrameHeader.scan(payload))
        let dispatch = try #require(try GatewayDispatch.decode(header: header, payload: payload))
        guard case .rateLimited(let limited) = dispatch else {
            Issue.record("not rate limited")
            return
        }
        #expect(limited.opcode == .requestGuildMembers)
        #expect(limited.retry_after == 25.5)
        #expect(limited.meta?["guild_id"]?.stringValue == "197038439483310086")
    }

    @Test func unsubscribedEventsAreNotDecoded() throws {
        let payload = Array(#"{"t":"TYPING_START","s":3,"op":0,"d":{"not":"decoded"}}"#.utf8)
        let header = try #require(GatewayFrameHeader.scan(payload))
        #expect(try GatewayDispatch.decode(header: header, payload: payload) == .other(name: "TYPING_START"))
        #expect(try GatewayDispatch.decode(eventName: "RESUMED", data: Data("null".utf8)) == .resumed)
    }

    @Test func unknownOpcodeRoundTrips() throws {
        let decoded = try JSONDecoder().decode([GatewayOpcode].self, from: Data("[55,0,11]".utf8))
        #expect(decoded == [.unknown(55), .dispatch, .heartbeatAck])
        #expect(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self) == "[55,0,11]")
        for opcode in GatewayOpcode.allKnown { #expect(GatewayOpcode(rawValue: opcode.rawValue) == opcode) }
    }

    @Test(arguments: [
        (4000, true, false), (4001, true, false), (4002, true, false), (4003, true, false), (4004, false, false),
        (4005, true, false), (4007, true, true), (4008, true, false), (4009, true, true), (4010, false, false),
        (4011, false, false), (4012, false, false), (4013, false, false), (4014, false, false),
        (1000, true, false), (1006, true, false), (4099, true, false),
    ])
    func closeCodes(code: Int, canReconnect: Bool, newSession: Bool) {
        let close = GatewayCloseCode(rawValue: code)
        #expect(close.rawValue == code)
        #expect(close.canReconnect == canReconnect)
        #expect(close.requiresNewSession == newSession)
        #expect(close.explanation.contains(String(code)))
    }

    @Test func closeCodeExplanationsNameTheFix() {
        #expect(GatewayCloseCode.authenticationFailed.explanation.contains("Reset Token"))
        let text = GatewayCloseCode.disallowedIntents.explanation(requestedIntents: [.guilds, .messageContent])
        #expect(text.contains("Message Content Intent"))
        #expect(text.contains("Privileged Gateway Intents"))
        #expect(!text.contains("Presence Intent"))
        #expect(GatewayCloseCode.invalidIntents.explanation.contains("intents"))
    }

    @Test func intents() throws {
        #expect(GatewayIntents.privileged == [.guildMembers, .guildPresences, .messageContent])
        #expect(GatewayIntents.guilds.rawValue == 1 && GatewayIntents.messageContent.rawValue == 32768)
        #expect(GatewayIntents.directMessagePolls.rawValue == 1 << 25)
        let withUnknown = GatewayIntents(rawValue: 1 | 1 << 40)
        #expect(withUnknown.names == ["GUILDS", "1<<40"])
        #expect(String(decoding: try JSONEncoder().encode(withUnknown), as: UTF8.self) == String(1 | 1 << 40))
        #expect(GatewayIntents.unprivileged.isDisjoint(with: .privileged))
    }

    @Test func identifyEncodesTokenAndShard() throws {
        let identify = Identify(
            token: BotToken("abc.def.ghi"), properties: .init(os: "linux", browser: "gachabot", device: "gachabot"),
            large_threshold: 250, shard: (id: 1, count: 4), intents: [.guilds, .guildMessages])
        try expectJSON(
            GatewaySendPayload.identify(identify),
            equals: #"""
                {"op":2,"d":{"token":"abc.def.ghi","properties":{"os":"linux","browser":"gachabot","device":"gachabot"},
                "large_threshold":250,"shard":[1,4],"intents":513}}
                """#)
    }

    @Test func presenceResumeAndHeartbeat() throws {
        try expectJSON(GatewaySendPayload.heartbeat(sequence: nil), equals: #"{"op":1,"d":null}"#)
        try expectJSON(GatewaySendPayload.heartbeat(sequence: 42), equals: #"{"op":1,"d":42}"#)
        try expectJSON(
            GatewaySendPayload.resume(Resume(token: BotToken("t"), session_id: "s", seq: 9)),
            equals: #"{"op":6,"d":{"token":"t","session_id":"s","seq":9}}"#)
        try expectJSON(
            GatewaySendPayload.presenceUpdate(
                UpdatePresence(activities: [.init(name: "gacha", type: .playing)], status: .online)),
            equals: #"{"op":3,"d":{"since":null,"activities":[{"name":"gacha","type":0}],"status":"online","afk":false}}"#)
    }

    @Test func gatewayBot() throws {
        let json = #"{"url":"wss://gateway.discord.gg","shards":9,"session_start_limit":{"total":1000,"remaining":999,"reset_after":14400000,"max_concurrency":1}}"#
        let bot = try JSONDecoder().decode(GatewayBot.self, from: Data(json.utf8))
        #expect(bot.shards == 9 && bot.session_start_limit.remaining == 999 && bot.session_start_limit.max_concurrency == 1)
    }

    @Test func errorBodyFlattensFieldErrors() throws {
        let json = #"""
            {"code":50035,"errors":{"data":{"components":{"0":{"custom_id":{"_errors":[{"code":"BASE_TYPE_REQUIRED","message":"This field is required"}]}}}},
            "content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}},"message":"Invalid Form Body"}
            """#
        let body = try JSONDecoder().decode(DiscordErrorBody.self, from: Data(json.utf8))
        #expect(body.code == 50035)
        #expect(
            body.flattenedErrors() == [
                "data.components.0.custom_id": ["BASE_TYPE_REQUIRED: This field is required"],
                "content": ["BASE_TYPE_MAX_LENGTH: Must be 2000 or fewer in length."],
            ])
        #expect(body.fieldErrors.map(\.path) == ["content", "data.components.0.custom_id"])
    }
}
