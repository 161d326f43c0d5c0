import Clocks
import DiscordModels
import DiscordSandbox
import Testing

@testable import Bot

/// The dispatcher's one shared deadline timer (`DeferralWatchdog`), through the real dispatcher
/// (`RouterRig`): one sleeper for any number of interactions in flight, each deferred at its own
/// deadline, none left behind.
@Suite(.timeLimit(.minutes(1)))
struct DeferralWatchdogTests {
    /// A router whose `slow` command reports its start on `started`, then waits for `gate`.
    static func slowRouter(started: AsyncStream<UInt64>.Continuation, gate: Gate) throws -> InteractionRouter {
        var routes = FeatureRoutes(feature: "Test")
        routes.command("slow", ephemeral: true) { context in
            started.yield(context.interaction.id.rawValue)
            await gate.wait()
            try await context.reply(InteractionMessageData(content: "done", flags: .ephemeral))
        }
        return try InteractionRouter(routes)
    }

    @Test func manySlowInteractionsShareOneTimerAndAreAllDeferredThenEdited() async throws {
        let gate = Gate()
        let (started, startedInput) = AsyncStream.makeStream(of: UInt64.self)
        try await RouterRig.run(Self.slowRouter(started: startedInput, gate: gate)) { rig in
            defer { gate.open() }
            let injected = try (0..<10).map { _ in try rig.sandbox.injectInteraction(.slashCommand(name: "slow")) }
            var iterator = started.makeAsyncIterator()
            for _ in injected { _ = await iterator.next() }
            await rig.watchdog.waitForSleepers(1)
            #expect(rig.watchdog.sleeperCount == 1, "one timer for all ten interactions in flight")
            for interaction in injected { #expect(rig.callbacks(for: interaction.id).isEmpty) }

            rig.watchdog.advance(by: RouterRig.deferAfter)
            for interaction in injected {
                let deferral = try await rig.sandbox.interactionCallback(for: interaction.id)
                #expect(callbackType(deferral) == 5)
            }
            gate.open()
            for interaction in injected {
                let edit = try await rig.originalEdit(of: interaction)
                #expect(jsonObject(edit)?["content"] as? String == "done")
                #expect(rig.callbacks(for: interaction.id).count == 1, "answered exactly once")
            }
            await rig.watchdog.waitUntilNoSleepers()
            #expect(rig.watchdog.sleeperCount == 0)
        }
    }

    @Test func eachInteractionIsDeferredAtItsOwnDeadline() async throws {
        let gate = Gate()
        let (started, startedInput) = AsyncStream.makeStream(of: UInt64.self)
        try await RouterRig.run(Self.slowRouter(started: startedInput, gate: gate)) { rig in
            defer { gate.open() }
            var iterator = started.makeAsyncIterator()
            let first = try rig.sandbox.injectInteraction(.slashCommand(name: "slow"))
            _ = await iterator.next()
            await rig.watchdog.waitForSleepers(1)
            rig.watchdog.advance(by: .seconds(1))
            let second = try rig.sandbox.injectInteraction(.slashCommand(name: "slow"))
            _ = await iterator.next()

            rig.watchdog.advance(by: .seconds(1))  // the first one's deadline
            #expect(callbackType(try await rig.sandbox.interactionCallback(for: first.id)) == 5)
            await rig.watchdog.waitForSleepers(1)  // now waiting for the second one's deadline
            #expect(rig.callbacks(for: second.id).isEmpty, "not deferred before its own deadline")

            rig.watchdog.advance(by: .seconds(1))
            #expect(callbackType(try await rig.sandbox.interactionCallback(for: second.id)) == 5)
            gate.open()
            _ = try await rig.originalEdit(of: first)
            _ = try await rig.originalEdit(of: second)
            await rig.watchdog.waitUntilNoSleepers()
            #expect(rig.callbacks(for: first.id).count == 1 && rig.callbacks(for: second.id).count == 1)
        }
    }

    @Test func handlersThatAnswerInTimeAreNeverDeferredAndLeaveNoTimer() async throws {
        var routes = FeatureRoutes(feature: "Test")
        routes.command("quick") { context in try await context.reply(InteractionMessageData(content: "hi")) }
        try await RouterRig.run(try InteractionRouter(routes)) { rig in
            let injected = try (0..<20).map { _ in try rig.sandbox.injectInteraction(.slashCommand(name: "quick")) }
            for interaction in injected {
                #expect(callbackType(try await rig.sandbox.interactionCallback(for: interaction.id)) == 4)
            }
            await rig.watchdog.waitUntilNoSleepers()
            rig.watchdog.advance(by: RouterRig.deferAfter * 2)
            // No deferral (type 5) after the answers. Counted by type, not by request: on a loaded
            // machine the client may retry a callback whose answer was slow, which is no deferral.
            let callbacks = rig.sandbox.requests.filter(isCallback)
            #expect(callbacks.filter { callbackType($0) != 4 }.isEmpty, "no deferral after the answers")
            #expect(Set(callbacks.map(\.path)).count == 20)
        }
    }
}
