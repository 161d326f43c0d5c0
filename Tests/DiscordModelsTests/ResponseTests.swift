import Foundation
import Testing

@testable import DiscordModels

@Suite struct ResponseTests {
    @Test func allowedMentionsNone() throws {
        #expect(String(decoding: try JSONEncoder().encode(AllowedMentions.none), as: UTF8.self) == #"{"parse":[]}"#)
        try expectJSON(AllowedMentions.usersOnly([5]), equals: #"{"parse":[],"users":["5"]}"#)
    }

    @Test func messageResponseOmitsNils() throws {
        let response = InteractionResponse.message(
            InteractionMessageData(
                content: "Hi <@5>", embeds: [Embed(title: "T", color: 0xFF00FF, fields: [.init(name: "a", value: "b", inline: true)])],
                allowed_mentions: AllowedMentions.none, flags: [.ephemeral],
                components: [.actionRow(ActionRow(components: [.button(Button(style: .success, label: "Go", custom_id: "go"))]))]))
        try expectJSON(
            response,
            equals: #"""
                {"type":4,"data":{"content":"Hi <@5>","embeds":[{"title":"T","color":16711935,"fields":[{"name":"a","value":"b","inline":true}]}],
                "allowed_mentions":{"parse":[]},"flags":64,
                "components":[{"type":1,"components":[{"type":2,"style":3,"label":"Go","custom_id":"go"}]}]}}
                """#)
    }

    @Test func otherCallbackTypes() throws {
        try expectJSON(InteractionResponse.pong, equals: #"{"type":1}"#)
        try expectJSON(InteractionResponse.deferredMessage(), equals: #"{"type":5}"#)
        try expectJSON(InteractionResponse.deferredMessage(ephemeral: true), equals: #"{"type":5,"data":{"flags":64}}"#)
        try expectJSON(InteractionResponse.deferredUpdate, equals: #"{"type":6}"#)
        try expectJSON(
            InteractionResponse.updateMessage(InteractionMessageData(content: "x", components: [])),
            equals: #"{"type":7,"data":{"content":"x","components":[]}}"#)
        try expectJSON(
            InteractionResponse.autocomplete([
                .init(name: "Starter", value: .string("starter")), .init(name: "Ten", value: .integer(10)),
            ]),
            equals: #"{"type":8,"data":{"choices":[{"name":"Starter","value":"starter"},{"name":"Ten","value":10}]}}"#)
        try expectJSON(
            InteractionResponse(type: .launchActivity), equals: #"{"type":12}"#)
    }

    @Test func responsesDecodeBack() throws {
        for response in [
            InteractionResponse.autocomplete([.init(name: "a", value: .double(1.5))]),
            .modal(ModalData(custom_id: "m", title: "T", components: [])),
            .message(InteractionMessageData(content: "c", flags: [.isComponentsV2])),
        ] {
            #expect(try JSONDecoder().decode(InteractionResponse.self, from: encodeJSON(response)) == response)
        }
    }

    @Test func componentsV2FlagAndFollowUps() throws {
        #expect(MessageFlags.isComponentsV2.rawValue == 32768)
        #expect(MessageFlags.ephemeral.rawValue == 64)
        try expectJSON(
            ExecuteWebhook(content: "later", allowed_mentions: AllowedMentions.none, flags: .ephemeral),
            equals: #"{"content":"later","allowed_mentions":{"parse":[]},"flags":64}"#)
        try expectJSON(
            MessageEdit(content: "edited", attachments: [.upload(index: 0, filename: "card.png")]),
            equals: #"{"content":"edited","attachments":[{"id":"0","filename":"card.png"}]}"#)
    }

    @Test func embedLimits() {
        let embed = Embed(title: "abc", description: "de", footer: .init(text: "f"), fields: [.init(name: "g", value: "hi")])
        #expect(embed.characterCount == 9)
        #expect(Embed.Limits.totalCharacters == 6000 && Embed.Limits.fields == 25)
    }

    @Test func commandDefinitionEqualityIgnoresRemoteFields() throws {
        let local = ApplicationCommandDefinition(
            name: "gacha", description: "Pull characters",
            options: [
                .init(
                    type: .subCommand, name: "pull", description: "Pull",
                    options: [
                        .init(
                            type: .integer, name: "count", description: "How many", required: true,
                            choices: [.init(name: "One", value: .integer(1)), .init(name: "Ten", value: .integer(10))])
                    ])
            ], contexts: [.guild, .botDM], integration_types: [.guildInstall])
        let remoteJSON = #"""
            {"id":"1","application_id":"2","version":"3","type":1,"name":"gacha","description":"Pull characters",
             "default_member_permissions":null,"nsfw":false,"contexts":[1,0],"integration_types":[0],
             "options":[{"type":1,"name":"pull","description":"Pull","options":[
               {"type":4,"name":"count","description":"How many","required":true,"choices":[{"name":"One","value":1},{"name":"Ten","value":10}]}]}]}
            """#
        let remote = try JSONDecoder().decode(ApplicationCommandDefinition.self, from: Data(remoteJSON.utf8))
        #expect(remote.id == 1 && remote.version == 3)
        #expect(remote == local)
        var changed = local
        changed.description = "Pull more characters"
        #expect(remote != changed)
        // Local definitions encode without nils.
        let encoded = try jsonObject(encodeJSON(ApplicationCommandDefinition(name: "status", description: "Bot status")))
        #expect(encoded == (try jsonObject(#"{"name":"status","description":"Bot status","type":1}"#)))
    }
}
