import DiscordModels
import Foundation
import Testing

@testable import DiscordREST

/// The hand-written callback body (`InteractionResponse.jsonBody`) is the same JSON document as
/// `JSONEncoder` makes of the same response: same members, same values, same escaping.
struct CallbackBodyTests {
    static let tricky = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} del \u{7F} é 🎲 <@&7> @everyone"

    static let responses: [InteractionResponse] = [
        .pong,
        .deferredUpdate,
        .deferredMessage(ephemeral: false),
        .deferredMessage(ephemeral: true),
        .message(InteractionMessageData(content: tricky, allowed_mentions: AllowedMentions.none, flags: .ephemeral)),
        .message(InteractionMessageData(content: "")),
        .message(InteractionMessageData(
            tts: false, content: "x",
            embeds: [
                Embed(
                    title: "Gachabot status", description: tricky, url: "https://example.com/a/b?c=d",
                    timestamp: DiscordTimestamp(Date(timeIntervalSince1970: 1_735_732_800.125)), color: 0x5865F2,
                    footer: .init(text: "foot", icon_url: "https://cdn/x.png"), image: .init(url: "attachment://box.gif"),
                    thumbnail: .init(url: "https://t"), author: .init(name: "Aria", url: "https://a", icon_url: "https://i"),
                    fields: [.init(name: "Shard", value: "0 of 1", inline: true), .init(name: "n", value: "v")]),
                Embed(color: -1),
                Embed(),
            ],
            allowed_mentions: AllowedMentions(parse: [.users, .everyone], roles: [7, 0], users: [42, UInt64.max >> 1].map { UserID($0) }, replied_user: true),
            flags: MessageFlags(rawValue: UInt64.max),
            components: [.actionRow(ActionRow(components: [.button(.link("Docs", url: "https://d"))]))],
            attachments: [.upload(index: 0, filename: "box.gif", description: "a box")])),
        .updateMessage(InteractionMessageData(content: "updated", components: [])),
        .autocomplete([ApplicationCommandOptionChoice(name: "Aria", name_localizations: ["fr": "Arïa"], value: .string("aria"))]),
        .modal(ModalData(
            custom_id: "form:1", title: "Tell us",
            components: [.actionRow(ActionRow(components: [.textInput(TextInput(custom_id: "why", style: .short, label: "Why"))]))])),
    ]

    @Test(arguments: responses)
    func handWrittenBodyIsTheEncodersDocument(response: InteractionResponse) throws {
        let fast = Data(try response.jsonBody())
        let reference = try DiscordRequest.encoder.encode(response)
        let fastObject = try JSONSerialization.jsonObject(with: fast, options: [.fragmentsAllowed]) as? NSDictionary
        let referenceObject = try JSONSerialization.jsonObject(with: reference, options: [.fragmentsAllowed]) as? NSDictionary
        #expect(fastObject != nil)
        #expect(fastObject == referenceObject, "\(String(decoding: fast, as: UTF8.self))\nvs\n\(String(decoding: reference, as: UTF8.self))")
        // Decoding the body gives back the response itself.
        #expect(try JSONDecoder().decode(InteractionResponse.self, from: fast) == response)
    }

    @Test func stringsAreEscapedLikeTheEncoderEscapesThem() throws {
        let response = InteractionResponse.message(InteractionMessageData(content: Self.tricky))
        let fast = String(decoding: try response.jsonBody(), as: UTF8.self)
        let reference = String(decoding: try DiscordRequest.encoder.encode(InteractionMessageData(content: Self.tricky)), as: UTF8.self)
        #expect(fast == #"{"type":4,"data":"# + reference + "}")
        #expect(fast.contains(#"\u0007"#) && fast.contains(#"\u0000"#) && fast.contains("é 🎲") && fast.contains("slash /"))
    }
}
