import Foundation

/// Gateway bookkeeping: connections, sessions and their sequence numbers, replay, faults.
extension SandboxCore {
    enum IdentifyOutcome {
        case ready
        case close(UInt16, String)
    }

    enum ResumeOutcome {
        case resumed
        case invalidSession
        case close(UInt16, String)
    }

    func registerConnection(
        compression: String?, viaResumeURL: Bool, events: ConnectionEventQueue
    ) -> (id: Int, startFaults: [ConnectionStartFault]) {
        state.withLock { state in
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            let info = GatewayConnectionInfo(
                id: id, shard: nil, sessionID: nil, compression: compression, resumed: false, viaResumeURL: viaResumeURL)
            state.connections[id] = Connection(info: info, events: events)
            state.connectionHistory.append(info)
            let faults = state.startFaults
            state.startFaults.removeAll()
            state.notifyChange()
            return (id, faults)
        }
    }

    func unregisterConnection(_ id: Int) {
        state.withLock { state in
            guard let connection = state.connections.removeValue(forKey: id) else { return }
            connection.events.finish()
            if let sessionID = connection.info.sessionID, state.sessions[sessionID]?.connectionID == id {
                state.sessions[sessionID]?.connectionID = nil
            }
            state.notifyChange()
        }
    }

    func markHelloSent(_ id: Int) {
        state.withLock { $0.connections[id]?.helloSent = true }
    }

    func recordClose(connection: Int, code: UInt16?, origin: RecordedClose.Origin) {
        state.withLock { state in
            let shard = state.connections[connection]?.info.shard
            state.closes.append(RecordedClose(connectionID: connection, shard: shard, code: code, origin: origin))
            state.notifyChange()
        }
    }

    /// Records a payload from the client and checks the limits Discord enforces on it.
    /// Returns the close code Discord would answer with, if any.
    func recordInbound(connection id: Int, bytes: [UInt8]) -> (code: UInt16, reason: String)? {
        let now = elapsed()
        let op: Int?
        if let json = try? JSON(parsing: bytes) { op = json["op"]?.intValue.map { Int($0) } } else { op = nil }
        return state.withLock { state -> (UInt16, String)? in
            let shard = state.connections[id]?.info.shard
            state.payloads.append(
                RecordedGatewayPayload(
                    index: state.payloads.count, connectionID: id, shard: shard, op: op,
                    json: String(decoding: bytes, as: UTF8.self), receivedAt: now))
            guard var connection = state.connections[id] else { return nil }
            defer { state.connections[id] = connection }
            if op == 2 && !connection.helloSent {
                state.recordViolation(.identifyBeforeHello, connection: id, detail: "Identify sent before Hello")
            }
            if bytes.count > 4096 {
                state.recordViolation(.payloadTooLarge, connection: id, detail: "payload of \(bytes.count) bytes (limit 4096)")
                return (4002, "Payload too large.")
            }
            connection.sendTimes.append(now)
            connection.sendTimes.removeAll { now - $0 >= .seconds(60) }
            if connection.sendTimes.count > 120 {
                state.recordViolation(
                    .sendRateExceeded, connection: id, detail: "\(connection.sendTimes.count) payloads within 60 s (limit 120)")
                return (4008, "Rate limited.")
            }
            state.notifyChange()
            return nil
        }
    }

    /// Validates an Identify and, when it is good, creates a session whose READY and GUILD_CREATEs
    /// are queued to the connection.
    func identify(connection id: Int, data: JSON) -> IdentifyOutcome {
        let now = elapsed()
        let configuration = self.configuration
        return state.withLock { state -> IdentifyOutcome in
            guard data["token"]?.stringValue == configuration.token.secret else {
                return .close(4004, "Authentication failed.")
            }
            let intents = UInt64(max(data["intents"]?.intValue ?? 0, 0))
            if intents & state.disallowedIntents != 0 {
                return .close(4014, "Disallowed intent(s).")
            }
            var shard = 0
            var shardCount = 1
            if let pair = data["shard"]?.arrayValue {
                guard pair.count == 2, let s = pair[0].intValue, let n = pair[1].intValue else {
                    return .close(4010, "Invalid shard.")
                }
                shard = Int(s)
                shardCount = Int(n)
            }
            guard shardCount == configuration.shardCount, shard >= 0, shard < shardCount else {
                if configuration.shardCount > 1 && shardCount < configuration.shardCount && shard < shardCount {
                    return .close(4011, "Sharding required.")
                }
                return .close(4010, "Invalid shard.")
            }
            if state.sessionStartRemaining <= 0 {
                state.recordViolation(.sessionStartLimitExhausted, connection: id, detail: "Identify with no session starts left")
            } else {
                state.sessionStartRemaining -= 1
            }
            let bucket = shard % max(configuration.maxConcurrency, 1)
            var times = state.identifyTimes[bucket, default: []]
            times.removeAll { now - $0 >= .seconds(5) }
            if !times.isEmpty {
                state.recordViolation(
                    .identifyTooFast, connection: id,
                    detail: "two Identify in 5 s in rate-limit bucket \(bucket) (max_concurrency \(configuration.maxConcurrency))")
            }
            times.append(now)
            state.identifyTimes[bucket] = times

            let sessionID = "sandbox-session-\(state.nextSnowflake())"
            var session = Session(id: sessionID, shard: shard)
            session.connectionID = id
            state.sessions[sessionID] = session
            if let old = state.shardSessions[shard], old != sessionID, let oldConnection = state.sessions[old]?.connectionID,
                oldConnection != id
            {
                state.sessions[old]?.connectionID = nil
            }
            state.shardSessions[shard] = sessionID
            state.connections[id]?.info.shard = shard
            state.connections[id]?.info.sessionID = sessionID
            state.updateHistory(id)

            let guilds = configuration.guilds.filter { $0.shardID(shardCount: shardCount) == shard }
            let ready: JSON = [
                "v": 10,
                "user": botUserJSON,
                "guilds": .array(guilds.map { ["id": .string(String($0.id)), "unavailable": true] }),
                "session_id": .string(sessionID),
                "resume_gateway_url": .string(state.resumeGatewayURL),
                "shard": [.int(Int64(shard)), .int(Int64(shardCount))],
                "application": ["id": .string(String(configuration.applicationID)), "flags": 0],
                "private_channels": [],
                "_trace": ["[\"gachabot-sandbox\"]"],
            ]
            state.dispatch(event: "READY", data: ready.serialized, session: sessionID)
            for guild in guilds {
                state.dispatch(event: "GUILD_CREATE", data: SandboxCore.guildCreate(guild, configuration).serialized, session: sessionID)
            }
            state.readyCount[shard, default: 0] += 1
            state.flushPendingFaults(shard: shard, connection: id)
            state.notifyChange()
            return .ready
        }
    }

    func resume(connection id: Int, data: JSON) -> ResumeOutcome {
        let configuration = self.configuration
        return state.withLock { state -> ResumeOutcome in
            guard data["token"]?.stringValue == configuration.token.secret else {
                return .close(4004, "Authentication failed.")
            }
            guard let sessionID = data["session_id"]?.stringValue, var session = state.sessions[sessionID] else {
                return .invalidSession
            }
            let seq = Int(data["seq"]?.intValue ?? 0)
            let oldest = session.events.first?.seq ?? (session.seq + 1)
            guard seq <= session.seq, seq + 1 >= oldest else { return .invalidSession }
            session.connectionID = id
            state.sessions[sessionID] = session
            state.connections[id]?.info.shard = session.shard
            state.connections[id]?.info.sessionID = sessionID
            state.connections[id]?.info.resumed = true
            state.updateHistory(id)
            if let connection = state.connections[id] {
                for event in session.events where event.seq > seq {
                    connection.events.yield(.send(event.text, seq: event.seq))
                }
            }
            state.dispatch(event: "RESUMED", data: "{}", session: sessionID)
            state.flushPendingFaults(shard: session.shard, connection: id)
            state.notifyChange()
            return .resumed
        }
    }

    /// Forgets a session (after op 9 false), so resuming it fails.
    func forgetSession(connection id: Int) {
        state.withLock { state in
            guard let sessionID = state.connections[id]?.info.sessionID else { return }
            state.sessions[sessionID] = nil
        }
    }

    /// Sends a dispatch on the shard's current session. Throws when the shard never had a session.
    func dispatch(event: String, data: String, shard: Int) throws(SandboxError) -> Int {
        try state.withLock { state throws(SandboxError) -> Int in try state.dispatch(event: event, data: data, shard: shard) }
    }

    func dispatchBurst(_ dispatches: [(event: String, data: String)], shard: Int) throws(SandboxError) -> [Int] {
        try state.withLock { state throws(SandboxError) -> [Int] in try state.dispatchBurst(dispatches, shard: shard) }
    }

    func dispatchPaced(_ dispatches: [(event: String, data: String)], shard: Int) throws(SandboxError) -> [Int] {
        try state.withLock { state throws(SandboxError) -> [Int] in try state.dispatchPaced(dispatches, shard: shard) }
    }

    func injectFault(_ fault: GatewayFault, shard: Int) {
        state.withLock { state in
            if let sessionID = state.shardSessions[shard], let connectionID = state.sessions[sessionID]?.connectionID,
                let connection = state.connections[connectionID]
            {
                connection.events.yield(.fault(fault))
            } else {
                state.pendingShardFaults[shard, default: []].append(fault)
            }
        }
    }

    func injectStartFault(_ fault: ConnectionStartFault) {
        state.withLock { $0.startFaults.append(fault) }
    }

    static func botUser(_ configuration: SandboxConfiguration) -> JSON {
        [
            "id": .string(String(configuration.botUserID)),
            "username": .string(configuration.botUsername),
            "discriminator": "0",
            "global_name": nil,
            "avatar": nil,
            "bot": true,
            "verified": true,
            "mfa_enabled": false,
            "flags": 0,
            "public_flags": 0,
        ]
    }

    static func guildCreate(_ guild: SandboxGuild, _ configuration: SandboxConfiguration) -> JSON {
        let channels: [JSON] = guild.channelIDs.enumerated().map { index, id in
            [
                "id": .string(String(id)), "type": 0, "name": .string(index == 0 ? "general" : "channel-\(index)"),
                "position": .int(Int64(index)), "guild_id": .string(String(guild.id)), "permission_overwrites": [],
            ]
        }
        return [
            "id": .string(String(guild.id)),
            "name": .string(guild.name),
            "icon": nil,
            "owner_id": .string(String(SandboxCore.defaultMemberID)),
            "unavailable": false,
            "large": false,
            "member_count": .int(Int64(guild.memberCount)),
            "joined_at": "2025-01-01T00:00:00.000000+00:00",
            "channels": .array(channels),
            "threads": [],
            "roles": [["id": .string(String(guild.id)), "name": "@everyone", "permissions": "2248473465835073", "position": 0]],
            "members": [],
            "voice_states": [],
            "presences": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "preferred_locale": "en-US",
            "premium_tier": 0,
        ]
    }

    static var defaultMemberID: UInt64 { DiscordSandbox.defaultMemberID }
}

extension SandboxCore.State {
    /// Appends a dispatch to the session's log and sends it if a connection holds the session.
    @discardableResult
    mutating func dispatch(event: String, data: String, session sessionID: String) -> Int {
        var sent: (text: String, seq: Int)?
        editLog(of: sessionID) { sent = $0.append(event: event, data: data) }
        guard let sent else { return 0 }
        connection(holding: sessionID)?.events.yield(.send(sent.text, seq: sent.seq))
        return sent.seq
    }

    /// `dispatch(event:data:session:)` on the shard's current session; throws when the shard
    /// never had one.
    mutating func dispatch(event: String, data: String, shard: Int) throws(SandboxError) -> Int {
        dispatch(event: event, data: data, session: try sessionID(ofShard: shard))
    }

    mutating func dispatchBurst(
        _ dispatches: [(event: String, data: String)], shard: Int, framesPerFlush: Int = .max
    ) throws(SandboxError) -> [Int] {
        dispatchBurst(dispatches, session: try sessionID(ofShard: shard), framesPerFlush: framesPerFlush)
    }

    /// Appends the dispatches to the shard's session log in order and hands them to its
    /// connection to write one at a time (`ConnectionEvent.sendPaced`).
    mutating func dispatchPaced(_ dispatches: [(event: String, data: String)], shard: Int) throws(SandboxError) -> [Int] {
        let sessionID = try sessionID(ofShard: shard)
        var sent: [(text: String, seq: Int)] = []
        editLog(of: sessionID) { session in sent = dispatches.map { session.append(event: $0.event, data: $0.data) } }
        if !sent.isEmpty { connection(holding: sessionID)?.events.yield(.sendPaced(sent)) }
        return sent.map(\.seq)
    }

    /// The shard's current session; `.noSession` while it has none.
    func sessionID(ofShard shard: Int) throws(SandboxError) -> String {
        guard let sessionID = shardSessions[shard], sessions[sessionID] != nil else { throw .noSession(shard: shard) }
        return sessionID
    }

    /// Appends the dispatches to the session's log in order and hands them to its connection as
    /// one burst, flushed every `framesPerFlush` frames (by default once, at the end).
    mutating func dispatchBurst(
        _ dispatches: [(event: String, data: String)], session sessionID: String, framesPerFlush: Int = .max
    ) -> [Int] {
        var sent: [(text: String, seq: Int)] = []
        editLog(of: sessionID) { session in sent = dispatches.map { session.append(event: $0.event, data: $0.data) } }
        if !sent.isEmpty { connection(holding: sessionID)?.events.yield(.sendBurst(sent, framesPerFlush: framesPerFlush)) }
        return sent.map(\.seq)
    }

    private func connection(holding sessionID: String) -> SandboxCore.Connection? {
        sessions[sessionID]?.connectionID.flatMap { connections[$0] }
    }

    /// Edits a session's log, then keeps its last `replayLimit` events. The session is moved out
    /// of the dictionary, not copied: a copy would share the replay buffer, and every append would
    /// then copy all of it (up to `replayLimit` events).
    private mutating func editLog(of sessionID: String, _ edit: (inout SandboxCore.Session) -> Void) {
        guard var session = sessions.removeValue(forKey: sessionID) else { return }
        edit(&session)
        if session.events.count > SandboxCore.replayLimit {
            session.events.removeFirst(session.events.count - SandboxCore.replayLimit)
        }
        sessions[sessionID] = session
    }

    mutating func flushPendingFaults(shard: Int, connection id: Int) {
        guard let faults = pendingShardFaults.removeValue(forKey: shard), let connection = connections[id] else { return }
        for fault in faults { connection.events.yield(.fault(fault)) }
    }

    mutating func updateHistory(_ id: Int) {
        guard let info = connections[id]?.info, let i = connectionHistory.firstIndex(where: { $0.id == id }) else { return }
        connectionHistory[i] = info
    }
}
