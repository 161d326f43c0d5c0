import DiscordModels
import DiscordSandbox
import Foundation
import Synchronization
import Testing

@testable import Bot

/// The violations handlers saw, read by the test.
final class SeenViolations: Sendable {
    private let paths = Mutex<[String]>([])
    func record(_ violation: DiscordLimitViolation) { paths.withLock { $0.append(violation.path) } }
    var all: [String] { paths.withLock { $0 } }
}

/// Every body a handler hands the responder is checked against Discord's limits before it is sent:
/// a violation throws in our process, the oversized body never reaches (loopback) Discord, and the
/// member gets the usual apology instead of "This interaction failed".
@Suite struct LimitCheckTests {
    static let tooLong = String(repeating: "x", count: 2001)

    @Test func aBodyOverDiscordsLimitsThrowsBeforeAnyRequestAndTheMemberIsAnswered() async throws {
        let seen = SeenViolations()
        var routes = FeatureRoutes(feature: "Test")
        routes.command("long") { context in
            do {
                try await context.reply(InteractionMessageData(content: Self.tooLong))
            } catch let violation as DiscordLimitViolation {
                seen.record(violation)
                throw violation
            }
        }
        routes.command("edit") { context in
            try await context.reply(InteractionMessageData(content: "ok"))
            do {
                try await context.editOriginal(MessageEdit(embeds: [Embed(title: String(repeating: "t", count: 257))]))
            } catch let violation as DiscordLimitViolation {
                seen.record(violation)
                throw violation
            }
        }
        routes.component(prefix: "more:") { context in
            try await context.update(InteractionMessageData(content: "ok"))
            let ids = (0..<6).map { Component.button(Button(style: .primary, label: "\($0)", custom_id: "b\($0)")) }
            do {
                try await context.followUp(InteractionMessageData(components: [.actionRow(ActionRow(components: ids))]))
            } catch let violation as DiscordLimitViolation {
                seen.record(violation)
                throw violation
            }
        }
        routes.autocomplete("long") { context in
            do {
                try await context.autocomplete([ApplicationCommandOptionChoice(name: String(repeating: "n", count: 101), value: .integer(1))])
            } catch let violation as DiscordLimitViolation {
                seen.record(violation)
                throw violation
            }
        }
        try await RouterRig.run(try InteractionRouter(routes)) { rig in
            let sandbox = rig.sandbox
            // The reply breaks a limit: the only callback is the apology.
            let long = try sandbox.injectInteraction(.slashCommand(name: "long"))
            let answer = jsonObject(try await sandbox.interactionCallback(for: long.id))
            let data = answer?["data"] as? [String: Any]
            #expect(answer?["type"] as? Int == 4 && data?["flags"] as? Int == 64)
            #expect((data?["content"] as? String)?.contains("Something went wrong on our side") == true)

            // The edit of the original breaks a limit: no PATCH is made; the apology comes as a follow-up.
            let edit = try sandbox.injectInteraction(.slashCommand(name: "edit"))
            _ = try await sandbox.interactionCallback(for: edit.id)
            let apology = try await sandbox.nextRequest { $0.method == "POST" && $0.path.contains(edit.token) && !isCallback($0) }
            #expect((jsonObject(apology)?["content"] as? String)?.contains("Something went wrong") == true)

            // The follow-up breaks a limit (six buttons in a row): only the apology is posted.
            let more = try sandbox.injectInteraction(.button(customID: "more:1"))
            #expect(callbackType(try await sandbox.interactionCallback(for: more.id)) == 7)
            let moreApology = try await sandbox.nextRequest { $0.method == "POST" && $0.path.contains(more.token) && !isCallback($0) }
            #expect(jsonObject(moreApology)?["components"] == nil)

            // Autocomplete: a name over 100 characters; the member is offered nothing rather than an error.
            let typing = try sandbox.injectInteraction(.autocomplete(name: "long", options: [.string("q", "a", focused: true)]))
            let suggestions = jsonObject(try await sandbox.interactionCallback(for: typing.id))
            #expect(((suggestions?["data"] as? [String: Any])?["choices"] as? [Any])?.isEmpty == true)

            #expect(seen.all == [
                "data.content", "embeds[0].title", "components[0].components", "data.choices[0].name",
            ])
            for id in [long.id, edit.id, more.id, typing.id] { #expect(rig.callbacks(for: id).count == 1) }
            #expect(!sandbox.requests.contains { $0.method == "PATCH" && ($0.path.contains(edit.token) || $0.path.contains(more.token)) })
            #expect(!sandbox.requests.contains { String(decoding: $0.body, as: UTF8.self).contains(Self.tooLong) })
            #expect(sandbox.requests.allSatisfy { $0.responseStatus < 400 }, "Discord never had to refuse a body")
            #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)")
        }
    }
}
