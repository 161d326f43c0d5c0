import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Testing

@testable import DiscordREST

/// Every body the typed calls send, checked by the sandbox against Discord's OpenAPI description.
@Suite(.timeLimit(.minutes(1))) struct ConformanceTests {
    static let application: ApplicationID = 1_100_000_000_000_000_001
    static let guild: GuildID = 1_200_000_000_000_000_001

    static let message = InteractionMessageData(
        content: "You pulled **Aria** (SSR)!",
        embeds: [Embed(title: "Aria", description: "A wandering bard.", color: 0xFFD700, fields: [.init(name: "Rarity", value: "SSR", inline: true)])],
        allowed_mentions: AllowedMentions.none,
        flags: .ephemeral,
        components: [.actionRow(ActionRow(components: [.button(Button(style: .primary, label: "Pull again", custom_id: "pull:again"))]))])

    static let commands = [
        ApplicationCommandDefinition(
            name: "pull", description: "Pull characters",
            options: [
                ApplicationCommandOptionDefinition(
                    type: .integer, name: "count", description: "How many", required: false,
                    choices: [.init(name: "one", value: .integer(1)), .init(name: "ten", value: .integer(10))])
            ]),
        ApplicationCommandDefinition(name: "status", description: "Bot status"),
    ]

    static let file = FileAttachment(filename: "pull.png", contentType: "image/png", data: Data([0x89, 0x50, 0x4E, 0x47]))

    /// A call whose answer may be a 404 (the sandbox knows no such interaction without a gateway
    /// session): the body was validated before routing, which is what this suite checks.
    func allowingUnknown(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as DiscordRESTError {
            guard case .http(404, _) = error else { throw error }
        }
    }

    @Test func typedCallsSendBodiesThatConformToTheOpenAPIDescription() async throws {
        try await withRESTSandbox { sandbox, trust in
            let client = DiscordRESTClient.sandbox(sandbox, tls: trust)
            _ = try await client.getGatewayBot()
            _ = try await client.getCurrentUser()
            _ = try await client.getCurrentApplication()

            let responses: [InteractionResponse] = [
                .message(Self.message), .deferredMessage(ephemeral: true), .deferredMessage(), .deferredUpdate,
                .updateMessage(Self.message), .autocomplete([.init(name: "Aria", value: .string("aria"))]),
                .modal(ModalData(custom_id: "rename", title: "Rename", components: [
                    .label(Label(label: "New name", component: .textInput(TextInput(custom_id: "name", style: .short))))
                ])),
            ]
            for (index, response) in responses.enumerated() {
                try await allowingUnknown {
                    try await client.createInteractionResponse(
                        interactionID: InteractionID(UInt64(100 + index)), token: "tok-\(index)", response: response)
                }
            }
            try await allowingUnknown {
                try await client.createInteractionResponse(
                    interactionID: 200, token: "tok-files", response: .message(Self.message), files: [Self.file])
            }
            try await allowingUnknown {
                _ = try await client.editOriginalInteractionResponse(
                    applicationID: Self.application, token: "tok", edit: MessageEdit(Self.message), files: [Self.file])
            }
            try await allowingUnknown {
                _ = try await client.createFollowupMessage(
                    applicationID: Self.application, token: "tok", message: ExecuteWebhook(Self.message), files: [Self.file])
            }
            try await allowingUnknown {
                _ = try await client.editFollowupMessage(
                    applicationID: Self.application, token: "tok", messageID: 5, edit: MessageEdit(content: "edited"))
            }
            try await allowingUnknown { _ = try await client.getOriginalInteractionResponse(applicationID: Self.application, token: "tok") }
            try await allowingUnknown { try await client.deleteOriginalInteractionResponse(applicationID: Self.application, token: "tok") }

            let global = try await client.bulkOverwriteGlobalApplicationCommands(applicationID: Self.application, commands: Self.commands)
            #expect(global.map(\.name) == ["pull", "status"])
            #expect(try await client.getGlobalApplicationCommands(applicationID: Self.application) == global)
            _ = try await client.bulkOverwriteGuildApplicationCommands(
                applicationID: Self.application, guildID: Self.guild, commands: Self.commands)
            #expect(try await client.getGuildApplicationCommands(applicationID: Self.application, guildID: Self.guild).count == 2)

            let sent = try await client.createMessage(
                channelID: 10, message: ExecuteWebhook(content: "hello", allowed_mentions: AllowedMentions.none), files: [Self.file])
            #expect(sent.attachments?.count == 1)

            #expect(sandbox.openAPIViolations.map(\.description) == [])
            #expect(sandbox.requests.allSatisfy { $0.responseStatus != 400 })
            #expect(sandbox.violations.map(\.description) == [])
            #expect(sandbox.requests.count >= 20)
        }
    }
}
