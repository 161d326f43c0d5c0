import DiscordModels
import DiscordSandbox
import Foundation
import Logging

/// `interactions`: the interaction round trip. Starts the loopback Discord (plain ws/http, one
/// guild), starts the client process, waits for READY, warms up, then
///  1. injects INTERACTION_CREATE (a `/status` slash command) at a fixed rate for a fixed time, and
///  2. injects a burst, to measure the client's capacity: built ahead and sent as fast as the
///     socket carries it (`--feed burst`, the default), or injected one by one as fast as the
///     sandbox can (`--feed paced`).
/// Latency: from the injection (the sandbox queues the dispatch on the gateway) to the sandbox's
/// REST server receiving the interaction callback, both on the sandbox's clock.
enum InteractionBenchmark {
    /// How the burst reaches the client.
    enum Feed: String, Codable {
        /// Every interaction is built first (`DiscordSandbox.prepareInteraction`), then all are
        /// injected at once (`injectInteractions`): the sandbox compresses them and writes them in
        /// slices of 128 frames while the client reads. On Discord the client's machine does none
        /// of this work; here, building 5,000 interactions one by one while the client answered
        /// them took the client's cores for the first sixth of its burst. The default, and the
        /// figure compared to the target.
        case burst
        /// One `injectInteraction` after another, as fast as the sandbox builds and sends them.
        case paced
    }

    struct Phase: Codable {
        var feed: Feed?
        var offeredRate: Double?
        var injected: Int
        var answered: Int
        var failedCallbacks: Int
        var throughputPerSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var clientCPUMicrosecondsPerInteraction: Double?
        /// This process (sandbox, injector, collector) over the phase: it shares the machine's cores
        /// with the client, so a cheaper harness leaves the client more room.
        var harnessCPUMicrosecondsPerInteraction: Double?
    }

    struct Result: Codable {
        var benchmark = "interactions"
        var client: String
        var compression: String
        var fixedRate: Phase
        var burst: Phase
        var clientPeakRSSMiB: Double?
    }

    static func run(
        client: String, compression: String, rate: Double, seconds: Double, burst: Int, feed: Feed, command: [String], logFile: String
    ) async throws -> Result {
        var sandboxLogger = Logger(label: "sandbox")
        sandboxLogger.logLevel = .warning
        // Discord refuses a callback after 3 s. A burst takes discord.py longer than that, and its
        // late answers then went down its error path (404, exception, traceback), which cost it
        // 20-50% more CPU per interaction than answering: the capacity figure measured that path.
        // With a long window every answer takes the same path in both clients; the latencies
        // still show who would have been late.
        let sandbox = DiscordSandbox(
            configuration: SandboxConfiguration(validateOpenAPI: false, interactionResponseWindow: .seconds(600), logger: sandboxLogger))
        // The sandbox's clock started inside `init`: measuring from here overstates latencies by
        // the few microseconds `init` took after that, never understates them.
        let origin = ContinuousClock.now
        try await sandbox.start()
        do {
            let result = try await measure(
                sandbox: sandbox, origin: origin, client: client, compression: compression, rate: rate, seconds: seconds, burst: burst,
                feed: feed, command: command, logFile: logFile)
            try await sandbox.shutdown()
            return result
        } catch {
            try? await sandbox.shutdown()
            throw error
        }
    }

    private static func measure(
        sandbox: DiscordSandbox, origin: ContinuousClock.Instant, client: String, compression: String, rate: Double, seconds: Double,
        burst: Int, feed: Feed, command: [String], logFile: String
    ) async throws -> Result {
        let arguments = command.dropFirst().map {
            $0.replacingOccurrences(of: "{gateway}", with: sandbox.gatewayURL)
                .replacingOccurrences(of: "{rest}", with: sandbox.restBaseURL)
                .replacingOccurrences(of: "{compression}", with: compression)
        }
        let child = try ChildProcess(
            executable: command[0], arguments: Array(arguments),
            environment: [
                "DISCORD_TOKEN": sandbox.configuration.token.secret, "DISCORD_API_BASE": sandbox.restBaseURL,
                "DISCORD_GATEWAY_URL": sandbox.gatewayURL, "LOG_LEVEL": "warning",
            ], logFile: logFile)
        defer { child.terminate() }
        do {
            try await sandbox.waitForReady(timeout: .seconds(60))
        } catch {
            throw BenchmarkError.client("\(client) never became READY (see \(logFile))")
        }
        // discord.py announces itself ready 2 s after the last GUILD_CREATE; wait past that.
        try await Task.sleep(for: .seconds(3))
        let injector = Injector(sandbox: sandbox, origin: origin)

        // Warm-up, not measured.
        let warmup = try await injector.inject(count: 200, rate: 1_000)
        _ = try await injector.collect(warmup, pid: child.pid, cpuBefore: nil, harnessCPUBefore: nil, offeredRate: 1_000)

        progress("\(client): warm-up done")
        let fixedCount = Int(rate * seconds)
        let cpuBeforeFixed = ProcessUsage.cpuMicroseconds(pid: child.pid)
        let harnessBeforeFixed = ProcessUsage.selfCPUMicroseconds()
        let fixed = try await injector.inject(count: fixedCount, rate: rate)
        let fixedPhase = try await injector.collect(
            fixed, pid: child.pid, cpuBefore: cpuBeforeFixed, harnessCPUBefore: harnessBeforeFixed, offeredRate: rate)

        try await Task.sleep(for: .milliseconds(500))
        let cpuBeforeBurst = ProcessUsage.cpuMicroseconds(pid: child.pid)
        let harnessBeforeBurst = ProcessUsage.selfCPUMicroseconds()
        let burstSent: Injector.Sent
        switch feed {
        case .burst: burstSent = try await injector.injectAtOnce(count: burst)
        case .paced: burstSent = try await injector.inject(count: burst, rate: nil)
        }
        var burstPhase = try await injector.collect(
            burstSent, pid: child.pid, cpuBefore: cpuBeforeBurst, harnessCPUBefore: harnessBeforeBurst, offeredRate: nil)
        burstPhase.feed = feed
        let rss = ProcessUsage.peakRSSKilobytes(pid: String(child.pid)).map { Double($0) / 1024 }

        progress("\(client): phases done; stopping the client")
        child.terminate()
        _ = await child.waitForExit(timeout: .seconds(15))
        progress("\(client): stopped")
        return Result(client: client, compression: compression, fixedRate: fixedPhase, burst: burstPhase, clientPeakRSSMiB: rss)
    }

    static func progress(_ text: String) {
        FileHandle.standardError.write(Data("[interactions] \(text)\n".utf8))
    }

    /// Injects `/status` interactions and matches them with the callbacks the sandbox received.
    struct Injector {
        let sandbox: DiscordSandbox
        let origin: ContinuousClock.Instant

        struct Sent {
            /// Interaction id → injection time since the sandbox's clock origin.
            var injectedAt: [UInt64: Duration]
            var first: Duration
            var requestsBefore: Int
        }

        /// Open loop: interaction `i` is injected at `start + i / rate` (immediately when late);
        /// `rate == nil` injects back to back.
        func inject(count: Int, rate: Double?) async throws -> Sent {
            let requestsBefore = sandbox.requestCount
            var injectedAt: [UInt64: Duration] = [:]
            injectedAt.reserveCapacity(count)
            let clock = ContinuousClock()
            let start = clock.now
            var first: Duration?
            for i in 0..<count {
                if let rate {
                    let due = start.advanced(by: .nanoseconds(Int64(Double(i) / rate * 1e9)))
                    if due > clock.now { try await clock.sleep(until: due) }
                }
                let at = origin.duration(to: clock.now)
                let injected = try sandbox.injectInteraction(Self.status)
                injectedAt[injected.id] = at
                if first == nil { first = at }
            }
            return Sent(injectedAt: injectedAt, first: first ?? .zero, requestsBefore: requestsBefore)
        }

        /// Builds `count` interactions, then injects them all at once (their injection time is
        /// when they are handed to the sandbox, after the building).
        func injectAtOnce(count: Int) async throws -> Sent {
            let requestsBefore = sandbox.requestCount
            var prepared: [PreparedInteraction] = []
            prepared.reserveCapacity(count)
            for _ in 0..<count { prepared.append(try sandbox.prepareInteraction(Self.status)) }
            let at = origin.duration(to: ContinuousClock.now)
            let injected = try sandbox.injectInteractions(prepared)
            var injectedAt: [UInt64: Duration] = [:]
            injectedAt.reserveCapacity(count)
            for interaction in injected { injectedAt[interaction.id] = at }
            return Sent(injectedAt: injectedAt, first: at, requestsBefore: requestsBefore)
        }

        private static let status = InteractionKind.slashCommand(name: "status", options: [])

        /// Waits until every injected interaction got its callback (or 30 s passed without progress).
        func collect(_ sent: Sent, pid: Int32, cpuBefore: Int64?, harnessCPUBefore: Int64?, offeredRate: Double?) async throws -> Phase {
            var callbacks: [(id: UInt64, at: Duration, status: Int)] = []
            var lastProgress = ContinuousClock.now
            var scanned = sent.requestsBefore
            while callbacks.count < sent.injectedAt.count {
                // Only the new requests: a copy of the whole log would make the sandbox's next append copy it all.
                let requests = sandbox.requests(since: scanned)
                if !requests.isEmpty {
                    for request in requests {
                        guard let id = Self.callbackInteractionID(request.path), sent.injectedAt[id] != nil else { continue }
                        callbacks.append((id, request.receivedAt, request.responseStatus))
                    }
                    scanned += requests.count
                    lastProgress = .now
                }
                if callbacks.count >= sent.injectedAt.count { break }
                if lastProgress.duration(to: .now) > .seconds(8) {
                    let paths = sandbox.requests(since: scanned - 3).map { "\($0.method) \($0.path) → \($0.responseStatus)" }
                    FileHandle.standardError.write(
                        Data("gave up waiting: \(callbacks.count) of \(sent.injectedAt.count) callbacks; last requests: \(paths)\n".utf8))
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            let cpuAfter = ProcessUsage.cpuMicroseconds(pid: pid)
            let harnessCPUAfter = ProcessUsage.selfCPUMicroseconds()
            var latencies: [Double] = []
            var failed = 0
            var last = sent.first
            for callback in callbacks {
                guard let injected = sent.injectedAt[callback.id] else { continue }
                latencies.append((callback.at - injected).milliseconds)
                last = max(last, callback.at)
                if !(200..<300).contains(callback.status) { failed += 1 }
            }
            let span = (last - sent.first).seconds
            let percentiles = Percentiles(latencies)
            var cpuPerInteraction: Double?
            if let cpuBefore, let cpuAfter, !callbacks.isEmpty {
                cpuPerInteraction = Double(cpuAfter - cpuBefore) / Double(callbacks.count)
            }
            let harnessCPUPerInteraction = harnessCPUBefore.flatMap { before in
                callbacks.isEmpty ? nil : Double(harnessCPUAfter - before) / Double(callbacks.count)
            }
            return Phase(
                offeredRate: offeredRate, injected: sent.injectedAt.count, answered: callbacks.count, failedCallbacks: failed,
                throughputPerSecond: span > 0 ? Double(callbacks.count) / span : 0, p50Milliseconds: percentiles.p50,
                p99Milliseconds: percentiles.p99, maxMilliseconds: percentiles.max,
                clientCPUMicrosecondsPerInteraction: cpuPerInteraction, harnessCPUMicrosecondsPerInteraction: harnessCPUPerInteraction)
        }

        /// `/api/v10/interactions/<id>/<token>/callback` → id.
        /// Read by bytes: splitting every recorded path into `Substring`s (or a generic
        /// `firstRange(of:)`) was a visible part of the harness's CPU per interaction in the burst.
        static func callbackInteractionID(_ path: String) -> UInt64? {
            var path = path
            // The id's byte offsets in the path: after "/interactions/", up to the next "/".
            let id = path.withUTF8 { bytes -> Range<Int>? in
                guard bytes.count >= interactionsSegment.count + callbackSuffix.count,
                    bytes.suffix(callbackSuffix.count).elementsEqual(callbackSuffix),
                    let segment = (0...(bytes.count - interactionsSegment.count)).first(where: { at in
                        bytes[at..<(at + interactionsSegment.count)].elementsEqual(interactionsSegment)
                    })
                else { return nil }
                let start = segment + interactionsSegment.count
                return start..<(bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count)
            }
            guard let id else { return nil }
            let utf8 = path.utf8
            let digits = path[utf8.index(utf8.startIndex, offsetBy: id.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: id.upperBound)]
            return GenericID(digits)?.rawValue
        }

        private static let callbackSuffix = Array("/callback".utf8)
        private static let interactionsSegment = Array("/interactions/".utf8)
    }
}
