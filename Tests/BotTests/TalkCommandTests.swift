import BotHarness
import Clocks
import DiscordModels
import DiscordSandbox
import Foundation
import Gacha
import Premium
import Storage
import Talk
import Testing

@testable import Bot

/// `/talk` end to end on the loopback Discord, with a model scripted in the test: the whole
/// conversation across a restart, refusals, faults as the member sees them, paced edits, split
/// replies, mention safety, quotas, concurrency and the ledger against the reported usage.
@Suite(.timeLimit(.minutes(3)))
struct TalkCommandTests {
    static let character = "pell-ashgrove"

    @Test func aConversationIsStoredAndGoesOnAfterARestart() async throws {
        try await forEachDatabase { store in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gachabot-talk-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let model = ScriptedChatModel()
            try await SandboxBot.run(.talk(model: model, store: store, dataDirectory: folder)) { bot in
                try await bot.give([Self.character])
                let member = bot.member()
                let first = try await member.say("Hello, who are you?", to: Self.character)
                #expect(first.response.type == .deferredChannelMessageWithSource, "the reply is deferred, publicly")
                #expect(!first.isEphemeral)
                let reply = try await bot.talkReply(of: first)
                // The character's first message opens the first conversation, with the member's name in it.
                #expect(reply.hasPrefix("**Pell Ashgrove:** *wobbles down from a ladder"), "\(reply)")
                #expect(reply.contains("Evening, member! Mind the ladder"), "\(reply)")
                #expect(reply.contains("> Hello, who are you?"), "\(reply)")
                #expect(reply.contains("**Pell Ashgrove:** I hear you: Hello, who are you?"), "\(reply)")

                let second = try await member.say("Tell me about the canals.", to: "Pell")
                #expect(second.response.type == .deferredChannelMessageWithSource, "\(second.text)")
                _ = try await bot.talkReply(of: second)
                let request = try #require(model.requests.last)
                let contents = request.messages.map(\.content)
                #expect(contents.contains("Hello, who are you?"), "the earlier turn is in the prompt")
                #expect(contents.contains { $0.contains("Evening, member! Mind the ladder") }, "so is the opening line")
                #expect(contents.contains("I hear you: Hello, who are you?"))
                #expect(contents.last == "Tell me about the canals.")

                let player = bot.defaultPlayer
                let turns = try await bot.talkStore.readTalk { try await $0.unsummarizedTurns(player, characterID: Self.character) }
                #expect(turns.map(\.role) == [.character, .member, .character, .member, .character], "the opening line is the first turn")
                #expect(turns.map(\.seq) == [1, 2, 3, 4, 5])
                #expect(turns.first?.text.contains("Evening, member!") == true)
                #expect(try await bot.events(player, .firstTalk).count == 1, "first_talk once per member and server")
                #expect(try await bot.events(player, .talk).count == 2)
                #expect(try await bot.events(player, .aiTokens).count == 2)
                try await bot.expectHealthy()
            }
            // A new bot on the same database continues the conversation. The new loopback Discord
            // numbers its interactions from the start again: its first ones replay the ids of the
            // first run's, which the bot recognises as answered (the ledger's call id is the
            // interaction's), privately and without asking the model again.
            let after = ScriptedChatModel()
            try await SandboxBot.run(.talk(model: after, store: store, dataDirectory: folder)) { bot in
                let member = bot.member()
                var replayed = 0
                var reply: String?
                while reply == nil, replayed < 10 {
                    let answer = try await member.say("Do you remember me?", to: Self.character)
                    if answer.isEphemeral {
                        #expect(answer.text.contains("That message was already answered."), "\(answer.text)")
                        replayed += 1
                    } else {
                        reply = try await bot.talkReply(of: answer)
                    }
                }
                #expect((1...2).contains(replayed), "the first run's interaction ids were recognised: \(replayed)")
                #expect(after.requests.count == 1, "a replayed interaction never reached the model")
                let contents = try #require(after.requests.last).messages.map(\.content)
                #expect(contents.contains("Hello, who are you?") && contents.contains("Tell me about the canals."), "\(contents)")
                #expect(try await bot.events(bot.defaultPlayer, .firstTalk).count == 1)
                #expect(try await bot.events(bot.defaultPlayer, .talk).count == 3)
                let calls = try await bot.talkStore.readTalk { try await $0.recentModelCalls(bot.defaultPlayer, limit: 10) }
                #expect(calls.count == 3, "one ledger row per answered turn")
            }
        }
    }

    @Test func refusalsArePrivateAndSayWhatToDo() async throws {
        let model = ScriptedChatModel()
        try await SandboxBot.run(.talk(model: model)) { bot in
            try await bot.give([Self.character])
            let member = bot.member()
            let notOwned = try await member.say("Hi", to: "marisol-quay")
            #expect(notOwned.isEphemeral && notOwned.response.type == .channelMessageWithSource)
            #expect(notOwned.text.contains("You don't own a character called “marisol-quay”"), "\(notOwned.text)")
            let empty = try await member.say("   \n  ", to: Self.character)
            #expect(empty.isEphemeral && empty.text.contains("Your message is empty"), "\(empty.text)")
            let long = try await member.say(String(repeating: "a", count: 1001), to: Self.character)
            #expect(long.isEphemeral && long.text.contains("1001 characters long; the limit is 1000"), "\(long.text)")
            #expect(model.requests.isEmpty, "no refused message reached the model")
            try await bot.expectHealthy()
        }
        // No model configured: talk says so.
        try await SandboxBot.run(.game()) { bot in
            try await bot.give([Self.character])
            let answer = try await bot.member().say("Hi", to: Self.character)
            #expect(answer.isEphemeral && answer.text.contains("isn't set up on this bot"), "\(answer.text)")
        }
    }

    @Test func aMemberWhoTalksTooFastOrWhileAReplyIsWrittenIsAskedToWait() async throws {
        let model = ScriptedChatModel()
        let gate = Gate()
        model.script(.gated(["Wait ", "for it"], [gate]))
        try await SandboxBot.run(.talk(model: model, settings: TalkSettings(messagesPerWindow: 2, rateWindow: .seconds(3600)))) { bot in
            try await bot.give([Self.character])
            let member = bot.member()
            let slow = try await member.say("First", to: Self.character)
            #expect(slow.response.type == .deferredChannelMessageWithSource)
            let busy = try await member.say("Second", to: Self.character)
            #expect(busy.isEphemeral && busy.text.contains("still answering your last message"), "\(busy.text)")
            gate.open()
            #expect(try await bot.talkReply(of: slow).contains("Wait for it"))
            _ = try await bot.talkReply(of: try await member.say("Third", to: Self.character))
            let limited = try await member.say("Fourth", to: Self.character)
            #expect(limited.isEphemeral && limited.text.contains("You're talking a little fast"), "\(limited.text)")
            // Another member is not held back.
            try await bot.give([Self.character], to: DiscordSandbox.defaultMemberID + 1)
            let other = try await bot.member(DiscordSandbox.defaultMemberID + 1, name: "other").say("Hi", to: Self.character)
            #expect(other.response.type == .deferredChannelMessageWithSource)
            _ = try await bot.talkReply(of: other)
        }
    }

    @Test func eachProviderFaultIsAPrivateAnswerWithoutInternalsAndAFailedLedgerRow() async throws {
        let faults: [(ChatModelError, String)] = [
            (.unavailable(status: 503), "couldn't answer just now"),
            (.rateLimited(retryAfter: .seconds(2)), "couldn't answer just now"),
            (.timedOut(.total), "couldn't answer just now"),
            (.transport("connection reset"), "couldn't answer just now"),
            (.insufficientQuota, "unavailable right now; the bot's operator has been told"),
            (.unauthorized(status: 401), "unavailable right now; the bot's operator has been told"),
        ]
        let model = ScriptedChatModel()
        for (fault, _) in faults { model.script(.fail(fault)) }
        try await SandboxBot.run(.talk(model: model, settings: TalkSettings(messagesPerWindow: 100))) { bot in
            try await bot.give([Self.character])
            let member = bot.member()
            for (fault, expected) in faults {
                let answer = try await member.say("Are you there?", to: Self.character)
                #expect(answer.response.type == .deferredChannelMessageWithSource)
                let token = answer.interaction.token
                _ = try await bot.sandbox.nextRequest { $0.method == "DELETE" && $0.path.contains(token) }
                let followUp = try await bot.nextFollowUp(of: answer)
                #expect(followUp.flags?.contains(.ephemeral) == true)
                let text = followUp.content ?? ""
                #expect(text.contains(expected), "\(fault): \(text)")
                #expect(!text.contains("HTTP") && !text.contains("429") && !text.contains("connection reset"), "no internals: \(text)")
            }
            let calls = try await bot.talkStore.readTalk { try await $0.recentModelCalls(bot.defaultPlayer, limit: 100) }
            #expect(calls.count == faults.count)
            #expect(calls.allSatisfy { $0.outcome.kind == "failed" && $0.promptTokens == 0 && $0.completionTokens == 0 && $0.costMicros == 0 })
            #expect(Set(calls.compactMap(\.outcome.failureCode)) == Set(faults.map(\.0.ledgerCode)))
            let turns = try await bot.talkStore.readTalk { try await $0.unsummarizedTurns(bot.defaultPlayer, characterID: Self.character) }
            #expect(turns.isEmpty, "a failed turn stores nothing of the conversation")
            try await bot.expectHealthy()
        }
    }

    @Test func aBrokenStreamKeepsWhatArrivedAndSaysSo() async throws {
        let model = ScriptedChatModel()
        model.script(.interrupted(["The lamps ", "are "]))
        try await SandboxBot.run(.talk(model: model)) { bot in
            try await bot.give([Self.character])
            let reply = try await bot.talkReply(of: try await bot.member().say("What's that?", to: Self.character))
            #expect(reply.contains("The lamps are") && reply.contains("The reply was cut off."), "\(reply)")
            let call = try #require(try await bot.talkStore.readTalk { try await $0.recentModelCalls(bot.defaultPlayer, limit: 1) }.first)
            #expect(call.outcome == .interrupted && call.usageEstimated)
        }
    }

    @Test func modelTextThatTriesToPingPingsNobody() async throws {
        let model = ScriptedChatModel()
        model.script(.reply(["Hey @everyone and @here, ", "<@&123456789012345678> and <@987654321098765432>, ", "[click](https://evil.example)"]))
        try await SandboxBot.run(.talk(model: model)) { bot in
            try await bot.give([Self.character])
            let reply = try await bot.talkReply(of: try await bot.member().say("@everyone hi <@&42>", to: Self.character))
            #expect(!reply.contains("@everyone") && !reply.contains("@here"), "\(reply)")
            #expect(!reply.contains("<@&") && !reply.contains("<@9"), "\(reply)")
            #expect(reply.contains("＠everyone") && reply.contains("@role") && reply.contains("click (https://evil.example)"), "\(reply)")
            try await bot.expectHealthy()  // allowed_mentions parses nothing on every message
        }
    }

    @Test func aLongReplyIsCappedAndSplitIntoFollowUps() async throws {
        let model = ScriptedChatModel()
        let words = (0..<1200).map { "word\($0)" }
        model.script(.reply(stride(from: 0, to: words.count, by: 100).map { words[$0..<min($0 + 100, words.count)].joined(separator: " ") + " " }))
        try await SandboxBot.run(.talk(model: model, settings: TalkSettings(maxReplyCharacters: 5000))) { bot in
            try await bot.give([Self.character])
            let answer = try await bot.member().say("Tell me everything.", to: Self.character)
            let first = try await bot.talkReply(of: answer)
            var parts = [first]
            while parts.joined().unicodeScalars.count < 5000 {
                let followUp = try await bot.nextFollowUp(of: answer)
                #expect(followUp.flags?.contains(.ephemeral) != true, "the rest of the reply is public too")
                parts.append(followUp.content ?? "")
                if (followUp.content ?? "").hasSuffix("…") { break }
            }
            #expect(parts.count == 3, "\(parts.map { $0.unicodeScalars.count })")
            for part in parts { #expect(part.unicodeScalars.count <= DiscordLimits.contentCharacters) }
            let stored = try await bot.talkStore.readTalk { try await $0.unsummarizedTurns(bot.defaultPlayer, characterID: Self.character) }
            #expect(stored.last?.text.unicodeScalars.count == 5000, "the stored reply is capped too")
            try await bot.expectHealthy()
        }
    }

    @Test func editsArePacedAboutOncePerSecondAndTheFinalTextIsAlwaysSent() async throws {
        let model = ScriptedChatModel()
        let clock = ManualClock()
        let gates = (0..<12).map { _ in Gate() }
        model.script(.gated((0..<12).map { "piece\($0) " }, gates))
        var options = SandboxBot.Options.talk(model: model)
        options.talk?.clock = clock
        try await SandboxBot.run(options) { bot in
            try await bot.give([Self.character])
            let start = bot.sandbox.requestCount
            let answer = try await bot.member().say("Go slowly", to: Self.character)
            let token = answer.interaction.token
            func patches() -> Int {
                bot.sandbox.requests(since: start).filter { $0.method == "PATCH" && $0.path.contains(token) }.count
            }
            // A piece every 250 ms of the injected clock: 12 pieces over 3 s.
            var perSecond: [Int] = []
            var before = 0
            for (index, gate) in gates.enumerated() {
                gate.open()
                try await waitUntil { model.piecesSent >= index + 1 }
                clock.advance(by: .milliseconds(250))
                if index % 4 == 3 {
                    let now = patches()
                    perSecond.append(now - before)
                    before = now
                }
            }
            #expect(perSecond.allSatisfy { $0 <= 1 }, "at most one edit per second: \(perSecond)")
            #expect(perSecond.reduce(0, +) >= 2, "edits did go out while it streamed: \(perSecond)")
            clock.advance(by: .seconds(1))
            let edits = try await bot.talkEdits(of: answer)
            #expect(edits.last?.content?.contains("piece11") == true, "the final text is sent: \(edits.last?.content ?? "")")
        }
    }

    @Test func twoHundredConversationsAtOnceEachGetTheirOwnReply() async throws {
        let model = ScriptedChatModel()
        try await SandboxBot.run(.talk(model: model)) { bot in
            let members = (0..<200).map { DiscordSandbox.defaultMemberID + UInt64($0) }
            for member in members { try await bot.give([Self.character], to: member) }
            let replies = try await withThrowingTaskGroup(of: (UInt64, String).self) { group in
                for member in members {
                    group.addTask {
                        // 200 turns queue behind the dispatcher's handlers and one SQLite writer: wait longer
                        // than for a single answer.
                        let answer = try await bot.member(member, name: "m\(member)").say(
                            "I am member \(member)", to: Self.character, timeout: .seconds(90))
                        return (member, try await bot.talkReply(of: answer, timeout: .seconds(90)))
                    }
                }
                var all: [UInt64: String] = [:]
                for try await (member, reply) in group { all[member] = reply }
                return all
            }
            #expect(replies.count == 200)
            for (member, reply) in replies { #expect(reply.contains("I hear you: I am member \(member)"), "\(member): \(reply)") }
            let totals = try await bot.talkStore.readTalk { try await $0.modelCallTotals(.everything) }
            let reported = model.reportedUsage
            #expect(totals.calls == Int64(reported.count))
            #expect(totals.promptTokens == Int64(reported.map(\.promptTokens).reduce(0, +)), "the ledger sums equal the reported usage")
            #expect(totals.completionTokens == Int64(reported.map(\.completionTokens).reduce(0, +)))
            try await bot.expectHealthy()
        }
    }

    @Test func theQuotaWarnsAt80PercentAndStopsAtTheLimitWithTheUpgradePrompt() async throws {
        let model = ScriptedChatModel()
        var options = SandboxBot.Options.talk(model: model, settings: TalkSettings(messagesPerWindow: 100))
        options.premium = PremiumSettings(
            skus: DiscordSKUs(proUser: SKUID(PremiumPromptTests.proSKU)),
            limits: try UsageLimits.decode(
                Data(
                    #"""
                    {
                      "meters": {
                        "talk_messages": { "period": "day", "scope": "user", "free_alternative": "Your characters are still in /inventory." },
                        "talk_tokens": { "period": "month", "scope": "user" }
                      },
                      "tiers": { "free": { "talk_messages": 5, "talk_tokens": 100000 }, "pro": { "talk_messages": 50 } }
                    }
                    """#.utf8)))
        try await SandboxBot.run(options) { bot in
            try await bot.give([Self.character])
            let member = bot.member()
            for index in 1...5 {
                let answer = try await member.say("Message \(index)", to: Self.character)
                _ = try await bot.talkReply(of: answer)
                if index == 4 {
                    let warning = try await bot.nextFollowUp(of: answer)
                    #expect(warning.flags?.contains(.ephemeral) == true)
                    #expect(warning.content?.contains("You've used **4 of 5** talk messages today") == true, "\(warning.content ?? "")")
                }
            }
            let limit = try await member.say("Message 6", to: Self.character)
            #expect(limit.isEphemeral, "refused before the acknowledgement")
            #expect(limit.text.contains("You've used all **5** talk messages today on the Free plan"), "\(limit.text)")
            #expect(limit.text.contains("**Pro** allows 50 talk messages per day"), "\(limit.text)")
            #expect(MessageText.buttons(limit.message?.components ?? []).first?.sku_id == SKUID(PremiumPromptTests.proSKU))
            #expect(model.requests.count == 5, "the refused message never reached the model")
            let tokens = try await bot.store.readPremium { reader in
                try await reader.usage(
                    UsageKey(subject: .user(MemberID(DiscordSandbox.defaultMemberID)), meter: "talk_tokens", periodStart: Timestamp(millisecondsSinceEpoch: 1_735_689_600_000)))
            }
            let reported = model.reportedUsage.map(\.totalTokens).reduce(0, +)
            #expect(tokens?.count == Int64(reported), "the tokens meter counts the real usage")
            try await bot.expectHealthy()
        }
    }

    @Test func resetClearsTheConversationAndMemoryListsWhatIsRemembered() async throws {
        let model = ScriptedChatModel()
        try await SandboxBot.run(.talk(model: model, settings: TalkSettings(promptBudgetTokens: 200, messagesPerWindow: 100))) { bot in
            try await bot.give([Self.character])
            let member = bot.member()
            let none = try await member.command("talk", [.subcommand("memory", [.string("character", Self.character)])])
            #expect(none.isEphemeral && none.text.contains("no long-term memories of you yet"), "\(none.text)")
            // Past the budget, older turns are folded into a memory by the model (a second call).
            for index in 1...6 {
                _ = try await bot.talkReply(of: try await member.say("Line \(index): " + String(repeating: "lamp oil ", count: 12), to: Self.character))
            }
            let memories = try await bot.talkStore.readTalk { try await $0.talkMemories(member: MemberID(DiscordSandbox.defaultMemberID), characterID: Self.character) }
            #expect(!memories.isEmpty, "older turns became a memory")
            let calls = try await bot.talkStore.readTalk { try await $0.recentModelCalls(bot.defaultPlayer, limit: 100) }
            #expect(calls.contains { $0.purpose == .summary }, "the summary call is in the ledger")
            let shown = try await member.command("talk", [.subcommand("memory", [.string("character", Self.character)])])
            #expect(shown.isEphemeral && shown.text.contains("What **Pell Ashgrove** remembers about you"), "\(shown.text)")

            let reset = try await member.command("talk", [.subcommand("reset", [.string("character", Self.character)])])
            #expect(reset.isEphemeral && reset.text.contains("starts over"), "\(reset.text)")
            let turns = try await bot.talkStore.readTalk { try await $0.unsummarizedTurns(bot.defaultPlayer, characterID: Self.character) }
            #expect(turns.isEmpty)
            let kept = try await bot.talkStore.readTalk { try await $0.talkMemories(member: MemberID(DiscordSandbox.defaultMemberID), characterID: Self.character) }
            #expect(kept.count == memories.count, "reset keeps long-term memories")
            try await bot.expectHealthy()
        }
    }

    @Test func autocompleteSuggestsOnlyOwnedCharacters() async throws {
        try await SandboxBot.run(.talk(model: ScriptedChatModel())) { bot in
            try await bot.give([Self.character, "marisol-quay"])
            let answer = try await bot.member().autocomplete(
                "talk", [.subcommand("say", [.string("character", "mar", focused: true), .string("message", "")])])
            #expect(answer.text == "suggestions: Marisol Quay (Lanterns of Vey)", "\(answer.text)")
        }
    }
}

/// Polls `condition` (a few ms apart, up to 10 s of wall time) for effects on other tasks.
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<2000 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    Issue.record("the condition never held")
}
