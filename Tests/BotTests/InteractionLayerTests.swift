import BotHarness
import Clocks
import DiscordGateway
import DiscordModels
import DiscordREST
import DiscordSandbox
import Foundation
import Logging
import NIOCore
import Synchronization
import Testing

@testable import Bot

/// A router of the test's own handlers behind the real dispatcher: a shard connected to the
/// loopback Discord delivers the injected interactions, the dispatcher answers through a REST
/// client of the sandbox. The deadline watchdog sleeps on `watchdog`, a manual clock.
struct RouterRig: Sendable {
    let sandbox: DiscordSandbox
    let watchdog: ManualClock
    /// For each event the dispatcher's source handed on: whether it ran on the shard's event loop
    /// (as `BotRuntime` arranges it).
    let drainedOnShardLoop: SharedFlags
    /// The loop the shard (and so the dispatcher and its handlers) runs on.
    let shardLoop: any EventLoop
    static let deferAfter: Duration = .seconds(2)

    static func run(
        _ router: InteractionRouter, maxConcurrentHandlers: Int = 64, _ body: @escaping @Sendable (RouterRig) async throws -> Void
    ) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let quiet = logger
        let watchdog = ManualClock()
        try await withSandbox(SandboxConfiguration(tls: false)) { sandbox in
            let rest = DiscordRESTClient(
                token: sandbox.configuration.token, baseURL: sandbox.restBaseURL, logger: quiet)
            let dispatcher = InteractionDispatcher(
                router: router, rest: rest,
                configuration: .init(deferAfter: deferAfter, maxConcurrentHandlers: maxConcurrentHandlers),
                clock: watchdog, logger: quiet)
            let shard = Shard(
                configuration: GatewayConfiguration(
                    token: sandbox.configuration.token, intents: [.guilds], gatewayURL: sandbox.gatewayURL, compression: .none,
                    subscribedEvents: BotConfiguration.subscribedEvents, connectTimeout: nil, clock: ManualClock(),
                    random: SeededRandomSource(seed: 3), logger: quiet))
            let rig = RouterRig(sandbox: sandbox, watchdog: watchdog, drainedOnShardLoop: SharedFlags(), shardLoop: shard.eventLoop)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await shard.run() }
                // Read on the shard's event loop, as BotRuntime reads its runner's events.
                group.addTask {
                    await dispatcher.run(
                        shard.events.compactMap { event in
                            rig.drainedOnShardLoop.append(shard.eventLoop.inEventLoop)
                            return BotRuntime.interaction(from: event, logger: quiet)
                        }, readingOn: shard.eventsExecutor)
                }
                do {
                    try await sandbox.waitForReady()
                    try await body(rig)
                } catch {
                    await shard.stop()
                    throw error
                }
                await shard.stop()
                try await group.waitForAll()
            }
        }
    }

    /// Callback requests the sandbox received for one interaction.
    func callbacks(for id: UInt64) -> [RecordedRequest] {
        sandbox.requests.filter { isCallback($0) && $0.path.contains("/interactions/\(id)/") }
    }

    func originalEdit(of injected: InjectedInteraction) async throws -> RecordedRequest {
        let token = injected.token
        return try await sandbox.nextRequest { $0.method == "PATCH" && $0.path.contains(token) && $0.path.hasSuffix("/messages/@original") }
    }
}

/// Booleans recorded from several tasks.
final class SharedFlags: Sendable {
    private let values = Mutex<[Bool]>([])
    func append(_ value: Bool) { values.withLock { $0.append(value) } }
    var all: [Bool] { values.withLock { $0 } }
}

@Suite(.timeLimit(.minutes(1)))
struct InteractionLayerTests {
    /// Handlers run on the event loop that delivered their interaction (no thread wake-up on the
    /// way to the callback), and a handler that awaits holds up neither the socket nor the next
    /// interaction: here the first handler waits for the second one to run.
    /// Every handler the dispatcher runs at once can have a REST connection of its own: a
    /// callback (or the watchdog's deferral) never waits for another interaction's request.
    @Test func theRESTClientKeepsAConnectionForEveryConcurrentHandler() {
        #expect(DiscordRESTClient.Options().maximumConnections >= InteractionDispatcher.Configuration().maxConcurrentHandlers)
    }

    @Test func handlersRunOnTheShardsEventLoopAndAwaitingHoldsNothingUp() async throws {
        let handlerOnShardLoop = SharedFlags()
        let secondRan = OneShot()
        let shardLoop = Mutex<(any EventLoop)?>(nil)
        var routes = FeatureRoutes(feature: "Test")
        routes.command("wait") { context in
            handlerOnShardLoop.append(shardLoop.withLock { $0?.inEventLoop } == true)
            await secondRan.wait()
            try await context.reply(InteractionMessageData(content: "the other one ran first"))
        }
        routes.command("go") { context in
            handlerOnShardLoop.append(shardLoop.withLock { $0?.inEventLoop } == true)
            secondRan.fire()
            try await context.reply(InteractionMessageData(content: "on the loop"))
        }
        try await RouterRig.run(try InteractionRouter(routes)) { rig in
            shardLoop.withLock { $0 = rig.shardLoop }
            let waiting = try rig.sandbox.injectInteraction(.slashCommand(name: "wait"))
            let going = try rig.sandbox.injectInteraction(.slashCommand(name: "go"))
            #expect(callbackType(try await rig.sandbox.interactionCallback(for: going.id)) == 4)
            #expect(callbackType(try await rig.sandbox.interactionCallback(for: waiting.id)) == 4)
            #expect(handlerOnShardLoop.all == [true, true])
            let drained = rig.drainedOnShardLoop.all
            #expect(drained.count >= 4, "READY, GUILD_CREATE and the interactions")
            #expect(drained.allSatisfy { $0 })
        }
    }

    /// Someone's text that tries to ping everybody, with mentions a careless handler allowed.
    static let loud = AllowedMentions(parse: [.everyone, .roles], roles: [RoleID(7)], users: [UserID(42)])

    @Test func answersWithEveryCallbackTypeAndNeverLetsAMessagePingEveryoneOrRoles() async throws {
        var routes = FeatureRoutes(feature: "Test")
        routes.command("hello") { context in
            try await context.reply(InteractionMessageData(content: "@everyone look!", allowed_mentions: Self.loud))
            try await context.followUp(InteractionMessageData(content: "@here again", allowed_mentions: Self.loud))
        }
        routes.component(prefix: "flip:") { context in
            try await context.update(InteractionMessageData(content: "flipped <@&7>", allowed_mentions: Self.loud, components: []))
        }
        routes.autocomplete("hello") { context in
            try await context.autocomplete([ApplicationCommandOptionChoice(name: "Aria", value: .string("aria"))])
        }
        routes.command("form") { context in
            try await context.showModal(
                ModalData(
                    custom_id: "form:1", title: "Tell us",
                    components: [.actionRow(ActionRow(components: [.textInput(TextInput(custom_id: "why", style: .short, label: "Why"))]))])
            )
        }
        try await RouterRig.run(try InteractionRouter(routes)) { rig in
            let sandbox = rig.sandbox
            let hello = try sandbox.injectInteraction(.slashCommand(name: "hello"))
            let reply = try await sandbox.interactionCallback(for: hello.id)
            #expect(callbackType(reply) == 4)
            let data = try #require(jsonObject(reply)?["data"] as? [String: Any])
            let mentions = try #require(data["allowed_mentions"] as? [String: Any])
            #expect((mentions["parse"] as? [String]) == [])
            #expect(mentions["roles"] == nil)
            #expect((mentions["users"] as? [String]) == ["42"], "explicitly listed users may still be pinged")
            let followUp = try await sandbox.nextRequest { $0.method == "POST" && $0.path.contains(hello.token) }
            #expect((jsonObject(followUp)?["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])

            let flip = try sandbox.injectInteraction(.button(customID: "flip:1"))
            #expect(callbackType(try await sandbox.interactionCallback(for: flip.id)) == 7)

            let typing = try sandbox.injectInteraction(.autocomplete(name: "hello", options: [.string("who", "A", focused: true)]))
            let suggestions = try await sandbox.interactionCallback(for: typing.id)
            #expect(callbackType(suggestions) == 8)
            let choices = (jsonObject(suggestions)?["data"] as? [String: Any])?["choices"] as? [[String: Any]]
            #expect(choices?.first?["value"] as? String == "aria")

            let form = try sandbox.injectInteraction(.slashCommand(name: "form"))
            #expect(callbackType(try await sandbox.interactionCallback(for: form.id)) == 9)

            // Handlers that answered in time leave no watchdog behind and were never deferred.
            await rig.watchdog.waitUntilNoSleepers()
            #expect(rig.watchdog.sleeperCount == 0)
            for id in [hello.id, flip.id, typing.id, form.id] { #expect(rig.callbacks(for: id).count == 1) }
            expectMentionSafe(sandbox.requests)
            #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)")
        }
    }

    @Test func aSlowCommandIsDeferredAndItsAnswerBecomesAnEditOfTheOriginal() async throws {
        let gate = Gate()
        var routes = FeatureRoutes(feature: "Test")
        routes.command("slow", ephemeral: true) { context in
            await gate.wait()
            try await context.reply(InteractionMessageData(content: "done @everyone", allowed_mentions: Self.loud, flags: .ephemeral))
        }
        try await RouterRig.run(try InteractionRouter(routes)) { rig in
            defer { gate.open() }
            let slow = try rig.sandbox.injectInteraction(.slashCommand(name: "slow"))
            await rig.watchdog.waitForSleepers(1)
            #expect(rig.callbacks(for: slow.id).isEmpty, "nothing is sent before the deadline")
            rig.watchdog.advance(by: RouterRig.deferAfter)
            let deferral = try await rig.sandbox.interactionCallback(for: slow.id)
            #expect(callbackType(deferral) == 5)
            let flags = (jsonObject(deferral)?["data"] as? [String: Any])?["flags"] as? Int
            #expect(flags == 64, "an ephemeral command defers ephemerally")

            gate.open()
            let edit = try await rig.originalEdit(of: slow)
            #expect(jsonObject(edit)?["content"] as? String == "done @everyone")
            #expect(edit.responseStatus == 200)
            #expect(rig.callbacks(for: slow.id).count == 1, "answered exactly once")
            expectMentionSafe(rig.sandbox.requests)
            #expect(rig.sandbox.openAPIViolations.isEmpty, "\(rig.sandbox.openAPIViolations)")
        }
    }

    @Test func aSlowComponentIsDeferredAsAnUpdateAndItsUpdateEditsTheMessage() async throws {
        let gate = Gate()
        var routes = FeatureRoutes(feature: "Test")
        routes.component(prefix: "slow:") { context in
            await gate.wait()
            try await context.update(InteractionMessageData(content: "updated", components: []))
        }
        try await RouterRig.run(try InteractionRouter(routes)) { rig in
            defer { gate.open() }
            let press = try rig.sandbox.injectInteraction(.button(customID: "slow:1"))
            await rig.watchdog.waitForSleepers(1)
            rig.watchdog.advance(by: RouterRig.deferAfter)
            #expect(callbackType(try await rig.sandbox.interactionCallback(for: press.id)) == 6)
            gate.open()
            let edit = try await rig.originalEdit(of: press)
            #expect(jsonObject(edit)?["content"] as? String == "updated")
            #expect(rig.callbacks(for: press.id).count == 1)
            expectMentionSafe(rig.sandbox.requests)
            #expect(rig.sandbox.openAPIViolations.isEmpty, "\(rig.sandbox.openAPIViolations)")
        }
    }

    struct Boom: Error {}

    @Test func failuresBecomeClearEphemeralAnswers() async throws {
        var routes = FeatureRoutes(feature: "Test")
        routes.command("crash") { _ in throw Boom() }
        routes.command("refuse") { _ in throw UserMessageError("You can't do that @everyone.") }
        routes.autocomplete("crash") { _ in throw Boom() }
        try await RouterRig.run(try InteractionRouter(routes)) { rig in
            let sandbox = rig.sandbox
            func answer(_ kind: MemberAction) async throws -> (type: Int?, content: String?, flags: Int?, choices: [Any]?) {
                let injected = try sandbox.injectInteraction(kind)
                let body = jsonObject(try await sandbox.interactionCallback(for: injected.id))
                let data = body?["data"] as? [String: Any]
                return (body?["type"] as? Int, data?["content"] as? String, data?["flags"] as? Int, data?["choices"] as? [Any])
            }
            let crash = try await answer(.slashCommand(name: "crash"))
            #expect(crash.type == 4 && crash.flags == 64)
            #expect(crash.content?.contains("Something went wrong on our side (reference ") == true, "\(crash.content ?? "")")
            #expect(crash.content?.contains("Boom") == false, "internal errors are not shown to members")

            let refuse = try await answer(.slashCommand(name: "refuse"))
            #expect(refuse.type == 4 && refuse.flags == 64)
            #expect(refuse.content == "You can't do that @everyone.")

            let unknown = try await answer(.slashCommand(name: "nope"))
            #expect(unknown.type == 4 && unknown.flags == 64)
            #expect(unknown.content?.contains("not known") == true, "\(unknown.content ?? "")")

            let staleButton = try await answer(.button(customID: "gone:1"))
            #expect(staleButton.type == 4 && staleButton.flags == 64)

            let suggestions = try await answer(.autocomplete(name: "crash", options: [.string("x", "a", focused: true)]))
            #expect(suggestions.type == 8 && suggestions.choices?.isEmpty == true, "a failed autocomplete offers nothing")

            expectMentionSafe(sandbox.requests)
            #expect(sandbox.openAPIViolations.isEmpty, "\(sandbox.openAPIViolations)")
        }
    }

    @Test func aReplayedInteractionIsAnsweredOnce() async throws {
        let runs = Counter()
        var routes = FeatureRoutes(feature: "Test")
        routes.command("once") { context in
            runs.increment()
            try await context.reply(InteractionMessageData(content: "run \(runs.count)"))
        }
        // One handler at a time: the replay is fully handled before the next interaction starts.
        try await RouterRig.run(try InteractionRouter(routes), maxConcurrentHandlers: 1) { rig in
            let sandbox = rig.sandbox
            let first = try sandbox.injectInteraction(.slashCommand(name: "once"))
            _ = try await sandbox.interactionCallback(for: first.id)
            try sandbox.dispatch(event: "INTERACTION_CREATE", json: first.json)
            try sandbox.dispatch(event: "INTERACTION_CREATE", json: first.json)
            let second = try sandbox.injectInteraction(.slashCommand(name: "once"))
            _ = try await sandbox.interactionCallback(for: second.id)
            #expect(runs.count == 2)
            #expect(rig.callbacks(for: first.id).count == 1)
            #expect(sandbox.requests.filter { $0.path.contains("/interactions/\(first.id)/") }.count == 1)
            #expect(sandbox.requests.allSatisfy { $0.responseStatus < 400 }, "no 40060 'already acknowledged'")
        }
    }
}
