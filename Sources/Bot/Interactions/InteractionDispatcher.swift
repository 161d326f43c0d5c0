import CoreMetrics
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
    /// Sees every interaction before its handler (the entitlements it carries, say). It runs within
    /// the interaction's deadline, which the watchdog keeps, and must not throw.
    private let observer: (@Sendable (Interaction) async -> Void)?
    /// Counts by kind and route, durations and deferrals (handles resolved here, once).
    let metrics: InteractionMetrics
    /// Claims an interaction in the database before its handler runs; false: another process (or
    /// an earlier run of this one) has it, and this one does nothing. Nil: only `seen` decides.
    private let claim: (@Sendable (InteractionID) async throws -> Bool)?

    public init(
        router: InteractionRouter, rest: DiscordRESTClient, configuration: Configuration = Configuration(),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "gachabot.interactions"),
        observer: (@Sendable (Interaction) async -> Void)? = nil, metrics: (any MetricsFactory)? = nil,
        claim: (@Sendable (InteractionID) async throws -> Bool)? = nil
    ) {
        self.metrics = InteractionMetrics(factory: metrics ?? NOOPMetricsHandler.instance, router: router)
        self.observer = observer
        self.claim = claim
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
    /// Everything runs on `sourceExecutor` (a shard's event loop, see `ShardRunner.eventsExecutor`):
    /// reading the source, one child task per interaction (the handler itself) and the one shared
    /// `DeferralWatchdog`. An interaction's whole path (the frame read, the handler, its REST
    /// request and the response) then stays on one thread, with no wake-up of another thread at
    /// any step; in the interaction benchmark that cut the bot's CPU per interaction by about a
    /// third (BENCHMARKS.md, "Fourth round"). It is safe because handlers never block: storage
    /// runs on GRDB's own queues and handlers only await it, so the socket keeps being read while
    /// a handler waits. A handler that had to compute for long would hand that work to a task
    /// without an executor preference.
    public func run<Source: AsyncSequence & Sendable>(_ source: Source, readingOn sourceExecutor: (any TaskExecutor)? = nil) async
    where Source.Element == (Interaction, Int) {
        await withTaskExecutorPreference(sourceExecutor) {
            let watchdog = DeferralWatchdog(deferAfter: configuration.deferAfter, clock: clock, metrics: metrics)
            await withTaskGroup(of: Void.self) { outer in
                outer.addTask { await watchdog.run() }
                await withTaskGroup(of: Void.self) { group in
                    var inFlight = 0
                    do {
                        for try await (interaction, shardID) in source {
                            // Full: the source is not read until a handler ends (back-pressure on the gateway).
                            if inFlight >= configuration.maxConcurrentHandlers {
                                await group.next()
                                inFlight -= 1
                            }
                            inFlight += 1
                            group.addTask { await self.handle(interaction, shardID: shardID, watchdog: watchdog) }
                        }
                    } catch is CancellationError {
                        // Shutting down: nothing failed.
                    } catch {
                        logger.error("interaction source failed: \(error)")
                    }
                    await group.waitForAll()
                }
                watchdog.stop()
            }
        }
    }

    /// Handles one interaction: drops replays, runs the handler against the deferral deadline,
    /// turns errors into ephemeral answers. (Outside `run`, with a watchdog of its own.)
    public func handle(_ interaction: Interaction, shardID: Int) async {
        let watchdog = DeferralWatchdog(deferAfter: configuration.deferAfter, clock: clock, metrics: metrics)
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
        if let claim {
            do {
                guard try await claim(interaction.id) else {
                    logger.debug("another process claimed the interaction", metadata: ["interaction": "\(interaction.id)"])
                    return
                }
            } catch {
                // Unclaimed, it must not run: a replay elsewhere could run it too.
                let responder = InteractionResponder(interaction: interaction, rest: rest, logger: logger)
                await answerFailure(error, responder: responder)
                return
            }
        }
        let start = ContinuousClock.now
        guard let route = router.route(for: interaction) else {
            metrics.receivedUnrouted(interaction.type)
            let responder = InteractionResponder(interaction: interaction, rest: rest, logger: logger)
            await answerFailure(
                UserMessageError("This command or button is not known (any more). Try the slash command again."), responder: responder)
            return
        }
        let responder = InteractionResponder(
            interaction: interaction, rest: rest, defersEphemerally: route.defersEphemerally, logger: logger)
        let context = InteractionContext(interaction: interaction, shardID: shardID, responder: responder)
        metrics.received(slot: route.slot)
        let ticket = watchdog.register(responder)
        await observer?(interaction)
        do {
            try await route.handler(context)
        } catch {
            await answerFailure(error, responder: responder)
        }
        watchdog.finish(ticket)
        if responder.phase == .pending {
            logger.warning("a handler returned without answering", metadata: ["interaction": "\(interaction.id)"])
            if await responder.deferIfPending() { metrics.deferredUnanswered() }
        }
        metrics.finished(slot: route.slot, since: start)
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
