import Testing

@testable import DiscordModels

/// `Interaction` shares one box between copies; it must still behave as a value.
struct InteractionValueSemanticsTests {
    @Test func aCopyChangesAloneAndEqualityIsByValue() {
        let original = Interaction(
            id: 1, application_id: 2, type: .applicationCommand, guild_id: 3, member: GuildMember(nick: "nick"), token: "t",
            locale: "en-US")
        var copy = original
        #expect(copy == original)
        copy.locale = "fr"
        copy.member?.nick = "other"
        #expect(original.locale == "en-US")
        #expect(original.member?.nick == "nick")
        #expect(copy.locale == "fr")
        #expect(copy.member?.nick == "other")
        #expect(copy != original)

        // Built apart, equal fields: equal, with equal hashes.
        var rebuilt = Interaction(id: 1, application_id: 2, type: .applicationCommand, guild_id: 3, token: "t", locale: "en-US")
        rebuilt.member = GuildMember(nick: "nick")
        #expect(rebuilt == original)
        #expect(rebuilt.hashValue == original.hashValue)
        #expect(Set([rebuilt, original, copy]).count == 2)
    }
}
