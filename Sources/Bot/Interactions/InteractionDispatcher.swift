import DiscordGateway
import DiscordModels
import DiscordREST
import Logging

/// Runs interactions through the router with a bounded number in flight, a deadline watchdog per
/// interaction, exactly-once handling of replayed events, and a clear answer for every failure.
public final class InteractionDispatcher: Sendable {
    public struct Configuration: Sendable {
        /// When the watchdog defers a handler that has not answered. Discord allows 3 s from
        /// creation; we keep a margin for the network.
        public var deferAfter: Duration
        /// Handlers running at once; the next interaction waits (back-pressure on the gateway).
        public var maxConcurrentHandlers: Int
        /// How many recent interaction ids are remembered to drop replays.
        public var replayMemory: Int

        public init(deferAfter: Duration = .milliseconds(2_000), maxConcurrentHandlers: Int = 64, replayMemory: Int = 10_000) {
            self.deferAfter = deferAfter
            self.maxConcurrentHandlers = maxConcurrentHandlers
            self.replayMemory = replayMemory
        }
    }

    public let router: InteractionRouter
    public let configuration: Configuration
    private let rest: DiscordRESTClient
    private let clock: any Clock<Duration>
    private let seen: RecentIDs<InteractionID>
    private let logger: Logger

    public init(
        router: InteractionRouter, rest: DiscordRESTClient, configuration: Configuration = Configuration(),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "gachabot.interactions")
    ) {
        self.router = router
        self.rest = rest
        self.configuration = configuration
        self.clock = clock
        self.seen = RecentIDs(capacity: configuration.replayMemory)
        self.logger = logger
    }

    /// Handles interactions from `source` until it ends, at most `maxConcurrentHandlers` at once.
    /// Returns after the last handler finished: a graceful stop ends the source, then drains.
    ///
    /// `source` is read in a task of its own on `sourceExecutor` (a shard's event loop, see
    /// `ShardRunner.eventsExecutor`), so the events it filters out cost no thread wake-up. The
    /// interactions it yields are handed to this call's task, which starts one child task per
    /// interaction (the handler itself) and one shared `DeferralWatchdog` for every deadline.
    /// Call it from a task without an executor preference: handlers inherit this task's executor,
    /// and they may block (storage), so they must not run on an event loop; a task that carries
    /// no preference also suspends and resumes more cheaply than one that carries one.
    public func run<Source: AsyncSequence & Sendable>(_ source: Source, readingOn sourceExecutor: (any TaskExecutor)? = nil) async
    where Source.Element == (Interaction, Int) {
        // Interactions read but not started yet; when it is full, the source is not read (back-pressure).
        let inbox = BoundedEventChannel<(Interaction, Int)>(capacity: configuration.maxConcurrentHandlers)
        let watchdog = DeferralWatchdog(deferAfter: configuration.deferAfter, clock: clock)
        await withTaskGroup(of: Void.self) { outer in
            outer.addTask { await watchdog.run() }
            outer.addTask(executorPreference: sourceExecutor) {
                do {
                    for try await interaction in source { try await inbox.send(interaction) }
                } catch is CancellationError {
                    // Shutting down: nothing failed.
                } catch {
                    self.logger.error("interaction source failed: \(error)")
                }
                inbox.finish()
            }
            await withTaskGroup(of: Void.self) { group in
                var inFlight = 0
                for await (interaction, shardID) in inbox {
                    if inFlight >= configuration.maxConcurrentHandlers {
                        await group.next()
                        inFlight -= 1
                    }
                    inFlight += 1
                    group.addTask { await self.handle(interaction, shardID: shardID, watchdog: watchdog) }
                }
                await group.waitForAll()
            }
            watchdog.stop()
        }
    }

    /// Handles one interaction: drops replays, runs the handler against the deferral deadline,
    /// turns errors into ephemeral answers. (Outside `run`, with a watchdog of its own.)
    public func handle(_ interaction: Interaction, shardID: Int) async {
        let watchdog = DeferralWatchdog(deferAfter: configuration.deferAfter, clock: clock)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await watchdog.run() }
            await handle(interaction, shardID: shardID, watchdog: watchdog)
            watchdog.stop()
        }
    }

    func handle(_ interaction: Interaction, shardID: Int, watchdog: DeferralWatchdog) async {
        guard seen.insert(interaction.id) else {
            logger.debug("dropped a replayed interaction", metadata: ["interaction": "\(interaction.id)"])
            return
        }
        if interaction.type == .ping { return }
        guard let route = router.route(for: interaction) else {
            let responder = InteractionResponder(interaction: interaction, rest: rest, logger: logger)
            await answerFailure(
                UserMessageError("This command or button is not known (any more). Try the slash command again."), responder: responder)
            return
        }
        let responder = InteractionResponder(
            interaction: interaction, rest: rest, defersEphemerally: route.defersEphemerally, logger: logger)
        let context = InteractionContext(interaction: interaction, shardID: shardID, responder: responder)
        let ticket = watchdog.register(responder)
        do {
            try await route.handler(context)
        } catch {
            await answerFailure(error, responder: responder)
        }
        watchdog.finish(ticket)
        if responder.phase == .pending {
            logger.warning("a handler returned without answering", metadata: ["interaction": "\(interaction.id)"])
            await responder.deferIfPending()
        }
    }

    private func answerFailure(_ error: any Error, responder: InteractionResponder) async {
        let message: String
        if let userFacing = error as? any UserFacingError {
            message = userFacing.userMessage
        } else {
            let reference = String(UInt64(responder.interaction.id.rawValue) % 1_000_000, radix: 36)
            logger.error(
                "handler failed: \(error)",
                metadata: ["interaction": "\(responder.interaction.id)", "reference": "\(reference)"])
            message = "Something went wrong on our side (reference \(reference)). Nothing was charged twice; please try again."
        }
        do {
            if responder.interaction.type == .autocomplete {
                try await responder.respond(.autocomplete([]))
            } else if responder.phase == .pending {
                try await responder.respond(
                    .message(InteractionMessageData(content: message, allowed_mentions: AllowedMentions.none, flags: .ephemeral)))
            } else {
                try await responder.followUp(
                    InteractionMessageData(content: message, allowed_mentions: AllowedMentions.none, flags: .ephemeral))
            }
        } catch {
            logger.error("could not report a failure to the member: \(error)")
        }
    }
}
