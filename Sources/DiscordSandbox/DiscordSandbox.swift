import Foundation
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// A loopback Discord on 127.0.0.1: a gateway (ws:// or wss://, zlib-stream or zstd-stream) and the
/// REST routes the bot uses, with scriptable faults and a recorder. Used by tests, benchmarks and
/// `gachabot demo`.
///
/// `start()` binds ephemeral ports and runs the servers in one task that `shutdown()` cancels and
/// awaits; `withSandbox` pairs them for you.
public final class DiscordSandbox: Sendable {
    public let configuration: SandboxConfiguration
    let core: SandboxCore

    private struct Runtime {
        var task: Task<Void, Never>?
        var listeners: [Listener] = []
        var certificate: SandboxCertificate?
        var gatewayURL = ""
        var resumeGatewayURL = ""
        var restBaseURL = ""
        var started = false
    }

    private let runtime = Mutex(Runtime())

    /// Default wall-clock timeout of the `wait…`/`next…` calls: only there to fail a hung test, so
    /// generous: a whole suite in parallel on 2 loaded cores once took over 10 s to reach READY.
    public static let defaultTimeout: Duration = .seconds(30)
    /// The member injected interactions come from unless a test says otherwise (also the guild owner).
    public static let defaultMemberID: UInt64 = 1_300_000_000_000_000_001

    public init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        self.configuration = configuration
        self.core = SandboxCore(configuration: configuration)
    }

    // MARK: Lifecycle

    public func start() async throws {
        try runtime.withLock { runtime throws(SandboxError) in
            guard !runtime.started else { throw .alreadyStarted }
            runtime.started = true
        }
        var certificate: SandboxCertificate?
        var tls: NIOSSLContext?
        if configuration.tls {
            do {
                let generated = try SandboxCertificate.generate()
                certificate = generated
                tls = try generated.serverContext()
            } catch {
                throw SandboxError.certificateGeneration(String(describing: error))
            }
        }
        let answer: @Sendable (RESTRequest) -> RESTResponse? = { [core] request in core.handleImmediately(request) }
        // Parse the OpenAPI description now rather than during the first request.
        if configuration.validateOpenAPI { _ = OpenAPIDocument.shared }

        var listeners: [Listener] = []
        do {
            listeners.append(try await Listener.bind(tls: tls, answerImmediately: answer))
            listeners.append(try await Listener.bind(tls: tls, answerImmediately: answer))
            if configuration.separateResumeListener { listeners.append(try await Listener.bind(tls: tls, answerImmediately: answer)) }
        } catch {
            for listener in listeners { await listener.close() }
            throw error
        }
        let ws = configuration.tls ? "wss" : "ws"
        let http = configuration.tls ? "https" : "http"
        let gatewayURL = "\(ws)://127.0.0.1:\(listeners[0].port)"
        let restBaseURL = "\(http)://127.0.0.1:\(listeners[1].port)/api/v10"
        let resumeGatewayURL = listeners.count > 2 ? "\(ws)://127.0.0.1:\(listeners[2].port)" : gatewayURL
        let resumePort = listeners.count > 2 ? listeners[2].port : nil
        core.state.withLock { state in
            state.gatewayURL = gatewayURL
            state.resumeGatewayURL = resumeGatewayURL
            state.restBaseURL = restBaseURL
        }
        let core = self.core
        let serving = listeners
        // Owned: the handle is kept, and `shutdown()` cancels it and awaits its end. A start/shutdown
        // pair (rather than a scoped `run`) lets tests and the demo hold a sandbox across calls.
        let task = Task {
            await withDiscardingTaskGroup { group in
                for listener in serving {
                    let viaResume = listener.port == resumePort
                    group.addTask {
                        await listener.serve(
                            gateway: { channel, uri in
                                await GatewayConnection(core: core, channel: channel, requestURI: uri, viaResumeURL: viaResume).run()
                            },
                            http: { channel in await RESTConnection(core: core, channel: channel).run() })
                    }
                }
            }
        }
        runtime.withLock { runtime in
            runtime.task = task
            runtime.listeners = serving
            runtime.certificate = certificate
            runtime.gatewayURL = gatewayURL
            runtime.resumeGatewayURL = resumeGatewayURL
            runtime.restBaseURL = restBaseURL
        }
        configuration.logger.info("sandbox gateway \(gatewayURL), REST \(restBaseURL)")
    }

    /// Closes the listeners and every connection, and waits until all of the sandbox's tasks ended.
    public func shutdown() async throws {
        let (task, listeners) = runtime.withLock { runtime in
            let result = (runtime.task, runtime.listeners)
            runtime.task = nil
            runtime.listeners = []
            return result
        }
        for listener in listeners { await listener.close() }
        task?.cancel()
        await task?.value
        core.failAllWaiters()
    }

    // MARK: Addresses

    /// `ws://127.0.0.1:PORT` (or `wss://`), without a query, like `GET /gateway/bot`'s `url`.
    public var gatewayURL: String { runtime.withLock { $0.gatewayURL } }
    /// READY's `resume_gateway_url`: the gateway URL, or a second listener with `separateResumeListener`.
    public var resumeGatewayURL: String { runtime.withLock { $0.resumeGatewayURL } }
    /// `http://127.0.0.1:PORT/api/v10` (or `https://`).
    public var restBaseURL: String { runtime.withLock { $0.restBaseURL } }
    /// The PEM of the CA that signed the sandbox's server certificate (nil without TLS): trust it.
    public var certificatePEM: String? { runtime.withLock { $0.certificate?.caPEM } }

    // MARK: Gateway faults and dispatches

    /// Scripts a fault on shard `shard`'s current connection, or its next one after READY/RESUMED.
    public func inject(_ fault: GatewayFault, shard: Int = 0) {
        core.injectFault(fault, shard: shard)
    }

    /// Scripts a fault at the start (before Hello) of the next gateway connection, whatever its shard.
    public func injectOnNextConnection(_ fault: ConnectionStartFault) {
        core.injectStartFault(fault)
    }

    /// Intents that Identify may not use from now on (4014 Disallowed intents).
    public func setDisallowedIntents(_ intents: UInt64) {
        core.state.withLock { $0.disallowedIntents = intents }
    }

    /// Sends a dispatch (`op` 0) on the shard's session; it is also kept for resume replay.
    /// - Returns: the dispatch's sequence number.
    @discardableResult
    public func dispatch(event: String, json: String, shard: Int = 0) throws -> Int {
        try core.dispatch(event: event, data: Self.parse(json).serialized, shard: shard)
    }

    /// Sends dispatches back to back, as Discord does in a burst (the GUILD_CREATEs after READY):
    /// the connection compresses them all, then writes them with one flush, so the client reads
    /// them as fast as the socket carries them rather than at the pace the sandbox produces them.
    /// - Returns: their sequence numbers, in order.
    @discardableResult
    public func dispatchBurst(_ dispatches: [(event: String, json: String)], shard: Int = 0) throws -> [Int] {
        try core.dispatchBurst(dispatches.map { ($0.event, try Self.parse($0.json).serialized) }, shard: shard)
    }

    /// Sends dispatches one per write, as a quiet server does: each is compressed and written on
    /// its own, and the next one only after the previous write was flushed to the socket, so a
    /// client that keeps up reads them one at a time.
    /// - Returns: their sequence numbers, in order.
    @discardableResult
    public func dispatchPaced(_ dispatches: [(event: String, json: String)], shard: Int = 0) throws -> [Int] {
        try core.dispatchPaced(dispatches.map { ($0.event, try Self.parse($0.json).serialized) }, shard: shard)
    }

    /// Caller-given JSON, or `SandboxError.invalidJSON` saying what is wrong with it.
    private static func parse(_ json: String) throws(SandboxError) -> JSON {
        do { return try JSON(parsing: json) } catch { throw .invalidJSON(error.description) }
    }

    /// Sends a dispatch whose `d` is any `Encodable` (e.g. a `DiscordModels` type).
    @discardableResult
    public func dispatch(event: String, data: some Encodable, shard: Int = 0) throws -> Int {
        try core.dispatch(event: event, data: JSON(encoding: data).serialized, shard: shard)
    }

    // MARK: Monetization

    /// Grants an SKU as a purchase would: the entitlement is stored (listed by
    /// `GET /applications/{id}/entitlements`) and ENTITLEMENT_CREATE goes to shard 0.
    /// `consumable` makes it a one-time purchase (type 1) that the bot consumes; otherwise it is a
    /// subscription (type 8). Returns the entitlement's JSON.
    @discardableResult
    public func grantEntitlement(
        skuID: UInt64, userID: UInt64? = nil, guildID: UInt64? = nil, consumable: Bool = false, startsAt: Date? = nil,
        endsAt: Date? = nil
    ) -> String {
        core.grant(
            sku: skuID, user: userID, guild: guildID, type: consumable ? SandboxCore.purchaseType : SandboxCore.applicationSubscriptionType,
            startsAt: startsAt, endsAt: endsAt
        ).serialized
    }

    /// Moves an entitlement's end (a renewal, or a cancellation taking effect) and sends ENTITLEMENT_UPDATE.
    @discardableResult
    public func updateEntitlement(id: UInt64, endsAt: Date?) -> String? { core.update(id, endsAt: endsAt)?.serialized }

    /// Deletes an entitlement (a refund) and sends ENTITLEMENT_DELETE.
    @discardableResult
    public func deleteEntitlement(id: UInt64) -> String? { core.delete(id)?.serialized }

    /// The entitlement as stored now (consumed, ended or deleted), or nil.
    public func entitlement(id: UInt64) -> String? { core.state.withLock { $0.rest.entitlements[id] }?.serialized }

    /// What Discord puts in `interaction.entitlements` for this user (and guild): the active ones.
    public func activeEntitlementsJSON(userID: UInt64, guildID: UInt64? = nil, at now: Date = Date()) -> [String] {
        core.state.withLock { $0.rest.entitlements }.sorted { $0.key < $1.key }.compactMap { _, entitlement in
            let owner = entitlement["user_id"]?.stringValue == String(userID)
                || (guildID != nil && entitlement["guild_id"]?.stringValue == guildID.map(String.init))
            guard owner, entitlement["deleted"]?.boolValue != true, entitlement["consumed"]?.boolValue != true else { return nil }
            if let ends = entitlement["ends_at"]?.stringValue.flatMap(SandboxCore.date), ends <= now { return nil }
            return entitlement.serialized
        }
    }

    /// Sends an INTERACTION_CREATE "as a member would" to the shard of `guildID` (shard 0 for a DM
    /// when `guildID` is nil and `inDM` is true), with a fresh id and token. Its 3-second window
    /// starts now on the sandbox clock. Attachment options must name files uploaded with
    /// `uploadAttachment`; they are resolved in `data.resolved.attachments`. `memberPermissions`
    /// replaces the member's default permission bits (which lack Manage Guild).
    public func injectInteraction(
        _ kind: InteractionKind, guildID: UInt64? = nil, inDM: Bool = false, channelID: UInt64? = nil,
        userID: UInt64 = DiscordSandbox.defaultMemberID, username: String = "member", locale: String = "en-US",
        entitlementsJSON: [String] = [], memberPermissions: UInt64? = nil
    ) throws -> InjectedInteraction {
        let prepared = try prepareInteraction(
            kind, guildID: guildID, inDM: inDM, channelID: channelID, userID: userID, username: username, locale: locale,
            entitlementsJSON: entitlementsJSON, memberPermissions: memberPermissions)
        return try injectInteractions([prepared])[0]
    }

    /// Builds an interaction as `injectInteraction` would, without sending it: its id and token
    /// are taken now, its 3-second window starts when `injectInteractions` sends it. A benchmark
    /// builds a burst ahead, so the sandbox's building does not share the cores with the client
    /// while the client answers.
    public func prepareInteraction(
        _ kind: InteractionKind, guildID: UInt64? = nil, inDM: Bool = false, channelID: UInt64? = nil,
        userID: UInt64 = DiscordSandbox.defaultMemberID, username: String = "member", locale: String = "en-US",
        entitlementsJSON: [String] = [], memberPermissions: UInt64? = nil
    ) throws -> PreparedInteraction {
        var guild: SandboxGuild?
        if !inDM {
            if let guildID {
                guard let g = configuration.guilds.first(where: { $0.id == guildID }) else { throw SandboxError.unknownGuild(guildID) }
                guild = g
            } else {
                guild = configuration.guilds.first
            }
        }
        let shard = guild?.shardID(shardCount: configuration.shardCount) ?? 0
        let channel = channelID ?? guild?.channelIDs.first ?? userID &+ 7
        let (id, messageID, commandID) = core.state.withLock { state in
            (state.nextSnowflake(), state.nextSnowflake(), kind.commandName.map { state.commandID(name: $0, guildID: guild?.id) })
        }
        let token = "aW50ZXJhY3Rpb246\(id):sandbox-\(String(id &* 2_654_435_761, radix: 36))"
        var entitlements: [JSON] = []
        for text in entitlementsJSON {
            entitlements.append(try Self.parse(text))
        }
        // A button or select press carries the message it sits on, as Discord sends it.
        let clicked: (interactionID: UInt64, message: JSON)? = kind.componentCustomID.flatMap { customID in
            core.state.withLock { $0.rest.messageCarrying(customID: customID) }
        }
        let attachments = try kind.attachmentIDs.map { attachmentID throws(SandboxError) -> SandboxAttachment in
            guard let stored = core.state.withLock({ $0.rest.attachments.values.first { $0.attachment.id == attachmentID } }) else {
                throw SandboxError.unknownAttachment(attachmentID)
            }
            return stored.attachment
        }
        let text = core.buildInteraction(
            kind, id: id, token: token, guild: guild, channelID: channel, userID: userID, username: username, locale: locale,
            messageID: messageID, commandID: commandID, entitlements: entitlements, message: clicked?.message,
            attachments: attachments, memberPermissions: memberPermissions)
        return PreparedInteraction(
            interaction: InjectedInteraction(
                id: id, token: token, applicationID: configuration.applicationID, shard: shard, guildID: guild?.id, channelID: channel,
                userID: userID, sequence: 0, json: text),
            clickedInteractionID: clicked?.interactionID)
    }

    /// How many frames of injected interactions go out per flush (about 64 KiB): a client answers
    /// the first ones while the rest are still being compressed.
    public static let interactionFramesPerFlush = 128

    /// Sends prepared interactions in their order, each shard's share as one burst flushed every
    /// `interactionFramesPerFlush` frames, and starts their 3-second windows now. Returns them
    /// with their sequence numbers.
    public func injectInteractions(_ prepared: [PreparedInteraction]) throws -> [InjectedInteraction] {
        let now = core.elapsed()
        // Stored and dispatched under one lock: the bot's callbacks take the same lock on the
        // event loop, and a burst made the two sides wait for each other.
        return try core.state.withLock { state throws(SandboxError) -> [InjectedInteraction] in
            var injected = prepared.map(\.interaction)
            var positionsByShard: [Int: [Int]] = [:]
            for (position, item) in prepared.enumerated() {
                let interaction = item.interaction
                let source = item.clickedInteractionID.map { state.rest.interactions[$0]?.source ?? $0 }
                state.rest.interactions[interaction.id] = RESTStore.Interaction(
                    id: interaction.id, token: interaction.token, channelID: interaction.channelID, guildID: interaction.guildID,
                    injectedAt: now, source: source)
                state.rest.interactionsByToken[interaction.token] = interaction.id
                positionsByShard[interaction.shard, default: []].append(position)
            }
            for (shard, positions) in positionsByShard.sorted(by: { $0.key < $1.key }) {
                let sequences = try state.dispatchBurst(
                    positions.map { (event: "INTERACTION_CREATE", data: injected[$0].json) }, shard: shard,
                    framesPerFlush: Self.interactionFramesPerFlush)
                for (position, sequence) in zip(positions, sequences) { injected[position].sequence = sequence }
            }
            return injected
        }
    }

    // MARK: REST faults

    /// Scripts `fault` for the next `count` requests matching `target`.
    public func inject(_ fault: RESTFault, target: RESTFaultTarget = .anyRoute, count: Int = 1) {
        core.state.withLock { state in
            state.rest.faults.append(.init(target: target, fault: fault, remaining: count))
            core.faultsScripted.store(true, ordering: .releasing)
        }
    }

    // MARK: Recordings

    public var requests: [RecordedRequest] { core.state.withLock { $0.requests.items } }
    /// How many requests were recorded so far (the next one's `index`).
    public var requestCount: Int { core.state.withLock { $0.requests.count } }
    /// The requests recorded from `index` on, in order. A poller that keeps its place copies only
    /// what is new; holding `requests` instead would make the sandbox's next append copy the whole log.
    public func requests(since index: Int) -> [RecordedRequest] {
        core.state.withLock { state in
            let items = state.requests.items
            return index < items.count ? Array(items[max(index, 0)...]) : []
        }
    }
    /// The messages created in a channel (`POST /channels/{id}/messages`), oldest first, as the
    /// JSON Discord would answer with.
    public func channelMessages(_ channelID: UInt64) -> [String] {
        core.state.withLock { $0.rest.channelMessages[channelID] ?? [] }.map(\.serialized)
    }
    /// Creates a channel webhook, as a server admin would in the channel's settings: its URL is
    /// what the admin pastes into `/owner alerts`. Executions land in `channelMessages(channelID)`.
    public func createWebhook(channelID: UInt64) -> SandboxWebhook {
        core.state.withLock { state in
            let id = state.nextSnowflake()
            let token = "sandbox-webhook-token-\(id)"
            state.rest.webhooks[id] = (token, channelID)
            return SandboxWebhook(id: id, token: token, channelID: channelID)
        }
    }
    /// The messages the bot sent `user` in their DM channel, oldest first (none without a DM channel).
    public func directMessages(to user: UInt64) -> [String] {
        core.state.withLock { state in state.rest.directMessageChannels[user].flatMap { state.rest.channelMessages[$0] } ?? [] }
            .map(\.serialized)
    }
    public var gatewayPayloads: [RecordedGatewayPayload] { core.state.withLock { $0.payloads.items } }
    public var closes: [RecordedClose] { core.state.withLock { $0.closes } }
    /// Gateway and REST rules the client broke (send rate, payload size, Identify before Hello, …).
    public var violations: [ProtocolViolation] { core.state.withLock { $0.violations } }
    /// Request bodies that do not conform to Discord's OpenAPI description.
    public var openAPIViolations: [OpenAPIViolation] { core.state.withLock { $0.openAPIViolations } }
    /// Every gateway connection accepted so far, in order.
    public var connections: [GatewayConnectionInfo] { core.state.withLock { $0.connectionHistory } }
    /// What the last bulk overwrite stored (nil guild: global commands), as JSON text.
    public func storedCommandsJSON(guildID: UInt64? = nil) -> String {
        core.state.withLock { state in
            JSON.array(guildID.map { state.rest.guildCommands[$0] ?? [] } ?? state.rest.globalCommands).serialized
        }
    }
    /// `session_start_limit.remaining` as `GET /gateway/bot` reports it.
    public var sessionStartsRemaining: Int { core.state.withLock { $0.sessionStartRemaining } }

    // MARK: Waiting

    /// The earliest request matching `predicate` not yet returned by this method; waits for it.
    public func nextRequest(
        timeout: Duration = DiscordSandbox.defaultTimeout, where predicate: @escaping @Sendable (RecordedRequest) -> Bool = { _ in true }
    ) async throws -> RecordedRequest {
        try await core.take(.requests, what: "a REST request", timeout: timeout, where: predicate)
    }

    /// The earliest gateway payload from the client (optionally of one shard and op) not yet
    /// returned by this method; waits for it.
    public func nextGatewayPayload(
        shard: Int? = nil, op: Int? = nil, timeout: Duration = DiscordSandbox.defaultTimeout
    ) async throws -> RecordedGatewayPayload {
        try await core.take(
            .payloads, what: "a gateway payload (shard \(shard.map(String.init) ?? "any"), op \(op.map(String.init) ?? "any"))",
            timeout: timeout
        ) {
            (shard == nil || $0.shard == shard) && (op == nil || $0.op == op)
        }
    }

    /// The first callback request for the interaction (whatever its answer).
    public func interactionCallback(for interactionID: UInt64, timeout: Duration = DiscordSandbox.defaultTimeout) async throws
        -> RecordedRequest
    {
        let prefix = "\(SandboxCore.apiPrefix)/interactions/\(interactionID)/"
        return try await nextRequest(timeout: timeout) { $0.path.hasPrefix(prefix) && $0.path.hasSuffix("/callback") }
    }

    /// Waits until at least `count` gateway connections were accepted in total.
    public func waitForConnections(count: Int, timeout: Duration = DiscordSandbox.defaultTimeout) async throws {
        try await core.waitUntil("\(count) gateway connections", timeout: timeout) { $0.connectionHistory.count >= count }
    }

    /// Waits until the shard received READY `count` times in total (1: its first session).
    public func waitForReady(shard: Int = 0, count: Int = 1, timeout: Duration = DiscordSandbox.defaultTimeout) async throws {
        try await core.waitUntil("READY #\(count) on shard \(shard)", timeout: timeout) { $0.readyCount[shard, default: 0] >= count }
    }

    /// Waits until `count` connections resumed (RESUMED sent) in total.
    public func waitForResumes(count: Int = 1, timeout: Duration = DiscordSandbox.defaultTimeout) async throws {
        try await core.waitUntil("\(count) resumes", timeout: timeout) { state in
            state.connectionHistory.filter(\.resumed).count >= count
        }
    }

    /// Waits for a close (by either side, or a TCP drop) matching `predicate`, and returns it.
    @discardableResult
    public func waitForClose(
        timeout: Duration = DiscordSandbox.defaultTimeout, where predicate: @escaping @Sendable (RecordedClose) -> Bool
    ) async throws -> RecordedClose {
        try await core.waitUntil("a gateway close", timeout: timeout) { $0.closes.contains(where: predicate) }
        return try core.state.withLock { state throws(SandboxError) in
            guard let close = state.closes.first(where: predicate) else { throw .timedOut("a gateway close") }
            return close
        }
    }

    /// Waits until a protocol violation matching `predicate` was recorded.
    @discardableResult
    public func waitForViolation(
        timeout: Duration = DiscordSandbox.defaultTimeout, where predicate: @escaping @Sendable (ProtocolViolation) -> Bool
    ) async throws -> ProtocolViolation {
        try await core.waitUntil("a protocol violation", timeout: timeout) { $0.violations.contains(where: predicate) }
        return try core.state.withLock { state throws(SandboxError) in
            guard let violation = state.violations.first(where: predicate) else { throw .timedOut("a protocol violation") }
            return violation
        }
    }
}

/// Runs `body` with a started sandbox and always shuts it down.
public func withSandbox<Result: Sendable>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    _ body: (DiscordSandbox) async throws -> Result
) async throws -> Result {
    let sandbox = DiscordSandbox(configuration: configuration)
    try await sandbox.start()
    do {
        let result = try await body(sandbox)
        try await sandbox.shutdown()
        return result
    } catch {
        try? await sandbox.shutdown()
        throw error
    }
}
