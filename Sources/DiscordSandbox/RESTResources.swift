import Foundation

/// The routes the bot uses, backed by `RESTStore`.
extension SandboxCore {
    static let interactionTokenLifetime: Duration = .seconds(15 * 60)
    /// How long a message's nonce is enforced ("the past few minutes", in Discord's words).
    static let nonceWindow: Duration = .seconds(5 * 60)

    func route(
        _ request: RESTRequest, template: String, parameters: [String: String], payload: JSON?, parts: [MultipartPart]
    ) -> RESTResponse {
        let configuration = self.configuration
        let now = elapsed()
        let appID = String(configuration.applicationID)
        switch (request.method, template) {
        case ("GET", "/gateway/bot"):
            let remaining = state.withLock { $0.sessionStartRemaining }
            let url = state.withLock { $0.gatewayURL }
            return .json(
                200,
                [
                    "url": .string(url), "shards": .int(Int64(configuration.shardCount)),
                    "session_start_limit": [
                        "total": .int(Int64(configuration.sessionStartLimit)), "remaining": .int(Int64(max(remaining, 0))),
                        "reset_after": 86_400_000, "max_concurrency": .int(Int64(configuration.maxConcurrency)),
                    ],
                ])
        case ("GET", "/gateway"):
            return .json(200, ["url": .string(state.withLock { $0.gatewayURL })])
        case ("GET", "/users/@me"):
            return .json(200, botUserJSON)
        case ("GET", "/applications/@me"):
            return .json(
                200,
                [
                    "id": .string(appID), "name": .string(configuration.botUsername), "icon": nil, "description": "",
                    "bot_public": true, "bot_require_code_grant": false, "verify_key": "0000", "flags": 0,
                    "bot": botUserJSON, "team": nil,
                ])

        case ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"):
            return interactionCallback(parameters: parameters, payload: payload, parts: parts, now: now, query: request.query)

        case (_, "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
            (_, "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
            ("POST", "/webhooks/{webhook_id}/{webhook_token}"):
            return webhook(
                request.method, template: template, parameters: parameters, payload: payload, parts: parts, now: now, query: request.query)

        case ("GET", "/applications/{application_id}/commands"):
            guard parameters["application_id"] == appID else { return .error(403, code: 50001, "Missing Access") }
            return .json(200, .array(state.withLock { $0.rest.globalCommands }))
        case ("PUT", "/applications/{application_id}/commands"):
            guard parameters["application_id"] == appID else { return .error(403, code: 50001, "Missing Access") }
            let stored = storeCommands(payload?.arrayValue ?? [], guild: nil)
            return .json(200, .array(stored))
        case ("GET", "/applications/{application_id}/guilds/{guild_id}/commands"):
            guard parameters["application_id"] == appID, let guild = parameters["guild_id"].flatMap(UInt64.init) else {
                return .error(403, code: 50001, "Missing Access")
            }
            return .json(200, .array(state.withLock { $0.rest.guildCommands[guild] ?? [] }))
        case ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"):
            guard parameters["application_id"] == appID, let guild = parameters["guild_id"].flatMap(UInt64.init) else {
                return .error(403, code: 50001, "Missing Access")
            }
            return .json(200, .array(storeCommands(payload?.arrayValue ?? [], guild: guild)))

        case (_, "/applications/{application_id}/entitlements"),
            (_, "/applications/{application_id}/entitlements/{entitlement_id}"),
            (_, "/applications/{application_id}/entitlements/{entitlement_id}/consume"):
            guard parameters["application_id"] == appID else { return .error(403, code: 50001, "Missing Access") }
            return entitlementRoute(request.method, template: template, parameters: parameters, query: request.query, payload: payload)

        case ("POST", "/users/@me/channels"):
            // The body passed the OpenAPI check (CreatePrivateChannelRequest); a DM needs a recipient.
            guard let recipient = payload?["recipient_id"].flatMap({ $0.stringValue.flatMap(UInt64.init) ?? $0.intValue.flatMap { UInt64(exactly: $0) } })
            else {
                return .error(400, code: 50035, "Invalid Form Body")
            }
            let channel = state.withLock { state -> UInt64 in
                if let existing = state.rest.directMessageChannels[recipient] { return existing }
                let id = state.nextSnowflake()
                state.rest.directMessageChannels[recipient] = id
                return id
            }
            return .json(
                200,
                [
                    "id": .string(String(channel)), "type": 1, "last_message_id": nil, "flags": 0,
                    "recipients": [["id": .string(String(recipient)), "username": "member", "discriminator": "0", "global_name": nil, "avatar": nil]],
                ])
        case ("POST", "/channels/{channel_id}/messages"):
            guard let channel = parameters["channel_id"].flatMap(UInt64.init) else { return .error(404, code: 10003, "Unknown Channel") }
            // With enforce_nonce, a create repeating a recent nonce (a retry after a lost answer)
            // returns the message already created instead of posting it twice.
            let nonce = payload?["nonce"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
            let enforced = payload?["enforce_nonce"]?.boolValue == true ? nonce : nil
            if let enforced,
                let earlier = state.withLock({ $0.rest.messagesByNonce[channel]?[enforced] }),
                now - earlier.createdAt <= Self.nonceWindow
            {
                return .json(200, earlier.message)
            }
            var message = makeMessage(payload ?? [:], channelID: channel, parts: parts, interactionID: nil)
            if nonce != nil, case .object(var object) = message {
                object["nonce"] = payload?["nonce"]
                message = .object(object)
            }
            state.withLock { state in
                state.rest.channelMessages[channel, default: []].append(message)
                if let enforced { state.rest.messagesByNonce[channel, default: [:]][enforced] = (message, now) }
            }
            return .json(200, message)
        default:
            return .error(404, code: 0, "404: Not Found")
        }
    }

    private func interactionCallback(
        parameters: [String: String], payload: JSON?, parts: [MultipartPart], now: Duration, query: String?
    ) -> RESTResponse {
        guard let id = parameters["interaction_id"].flatMap(UInt64.init), let token = parameters["interaction_token"] else {
            return .error(404, code: 10062, "Unknown interaction")
        }
        let type = payload?["type"]?.intValue ?? 0
        let data = payload?["data"] ?? .null
        return state.withLock { state -> RESTResponse in
            guard var interaction = state.rest.interactions[id], interaction.token == token,
                now - interaction.injectedAt <= configuration.interactionResponseWindow
            else { return .error(404, code: 10062, "Unknown interaction") }
            guard !interaction.acknowledged else {
                return .error(400, code: 40060, "Interaction has already been acknowledged.")
            }
            interaction.acknowledged = true
            switch type {
            case 7 where interaction.source.flatMap({ state.rest.interactions[$0]?.original }) != nil:
                // Updates the message the component sits on.
                let sourceID = interaction.source!
                let updated = Self.edited(state.rest.interactions[sourceID]!.original!, with: data, parts: parts)
                state.rest.interactions[sourceID]?.original = updated
                state.rest.indexComponents(ofInteraction: sourceID)
                interaction.original = updated
            case 4, 7:
                let draft = draftMessage(
                    data.objectValue.map(JSON.object) ?? [:], channelID: interaction.channelID, parts: parts, interactionID: id, in: &state)
                interaction.storedOriginal = .unbuilt(draft)
            case 5:
                var message = makeMessage(["content": ""], channelID: interaction.channelID, parts: [], interactionID: id, in: &state)
                if case .object(var object) = message {
                    object["flags"] = .int(128 | (data["flags"]?.intValue ?? 0))
                    message = .object(object)
                }
                interaction.original = message
            default:
                break
            }
            state.rest.interactions[id] = interaction
            state.rest.indexComponents(ofInteraction: id)
            if query?.contains("with_response=true") == true {
                var body: [String: JSON] = [
                    "interaction": [
                        "id": .string(String(id)), "type": 2, "response_message_loading": .bool(type == 5),
                        "response_message_ephemeral": false,
                    ]
                ]
                if let original = interaction.original { body["resource"] = ["type": .int(type), "message": original] }
                return .json(200, .object(body))
            }
            return .noContent()
        }
    }

    private func webhook(
        _ method: String, template: String, parameters: [String: String], payload: JSON?, parts: [MultipartPart], now: Duration,
        query: String?
    ) -> RESTResponse {
        let unknownWebhook = RESTResponse.error(404, code: 10015, "Unknown Webhook")
        if let id = parameters["webhook_id"].flatMap(UInt64.init), id != configuration.applicationID {
            return channelWebhook(method, template: template, id: id, token: parameters["webhook_token"], payload: payload, query: query, parts: parts)
        }
        guard parameters["webhook_id"] == String(configuration.applicationID), let token = parameters["webhook_token"] else {
            return unknownWebhook
        }
        return state.withLock { state -> RESTResponse in
            guard let id = state.rest.interactionsByToken[token], var interaction = state.rest.interactions[id],
                now - interaction.injectedAt <= Self.interactionTokenLifetime
            else { return unknownWebhook }
            defer {
                state.rest.interactions[id] = interaction
                state.rest.indexComponents(ofInteraction: id)
            }
            let unknownMessage = RESTResponse.error(404, code: 10008, "Unknown Message")
            if template.hasSuffix("/{webhook_token}") {
                let message = makeMessage(payload ?? [:], channelID: interaction.channelID, parts: parts, interactionID: id, in: &state)
                if let messageID = message["id"]?.stringValue.flatMap(UInt64.init) { interaction.followups[messageID] = message }
                return .json(200, message)
            }
            let messageID = parameters["message_id"].flatMap(UInt64.init)
            let current: JSON? =
                messageID.map { interaction.followups[$0] }
                ?? interaction.original ?? interaction.source.flatMap { state.rest.interactions[$0]?.original }
            guard let current else { return unknownMessage }
            switch method {
            case "GET":
                return .json(200, current)
            case "DELETE":
                if let messageID { interaction.followups[messageID] = nil } else { interaction.original = nil }
                return .noContent()
            case "PATCH":
                let object = Self.edited(current, with: payload ?? [:], parts: parts)
                if let messageID {
                    interaction.followups[messageID] = object
                } else {
                    interaction.original = object
                    // A component interaction's original is the message the component sits on.
                    if let source = interaction.source {
                        state.rest.interactions[source]?.original = object
                        state.rest.indexComponents(ofInteraction: source)
                    }
                }
                return .json(200, object)
            default:
                return .error(405, code: 0, "405: Method Not Allowed")
            }
        }
    }

    /// Execute Webhook on a channel webhook a test created: the token must match, and the body
    /// (already checked against the OpenAPI schema) must carry something to show. The message
    /// lands in the webhook's channel; with `wait=true` it is returned, otherwise 204.
    /// https://discord.com/developers/docs/resources/webhook#execute-webhook
    private func channelWebhook(
        _ method: String, template: String, id: UInt64, token: String?, payload: JSON?, query: String?, parts: [MultipartPart]
    ) -> RESTResponse {
        guard method == "POST", template == "/webhooks/{webhook_id}/{webhook_token}" else {
            return .error(405, code: 0, "405: Method Not Allowed")
        }
        return state.withLock { state -> RESTResponse in
            guard let webhook = state.rest.webhooks[id] else { return .error(404, code: 10015, "Unknown Webhook") }
            guard webhook.token == token else { return .error(401, code: 50027, "Invalid Webhook Token") }
            let body = payload ?? [:]
            let content = body["content"]?.stringValue ?? ""
            let embeds = body["embeds"]?.arrayValue ?? []
            guard !content.isEmpty || !embeds.isEmpty || !parts.isEmpty else {
                return .error(400, code: 50006, "Cannot send an empty message")
            }
            let message = makeMessage(body, channelID: webhook.channelID, parts: parts, interactionID: nil, in: &state)
            state.rest.channelMessages[webhook.channelID, default: []].append(message)
            let waits = (query ?? "").split(separator: "&").contains { $0 == "wait=true" || $0 == "wait=1" }
            return waits ? .json(200, message) : .noContent()
        }
    }

    /// A message after an edit: given fields replace the old ones; attachments follow the upload.
    static func edited(_ current: JSON, with edit: JSON, parts: [MultipartPart]) -> JSON {
        var object = current.objectValue ?? [:]
        for (key, value) in edit.objectValue ?? [:] where key != "attachments" { object[key] = value }
        // Editing a deferred response's message ends its "thinking…" state (flag 128, LOADING).
        if let flags = object["flags"]?.intValue { object["flags"] = .int(flags & ~128) }
        object["edited_timestamp"] = "2025-01-01T00:00:01.000000+00:00"
        if !parts.isEmpty { object["attachments"] = attachments(parts) }
        return .object(object)
    }

    private func storeCommands(_ commands: [JSON], guild: UInt64?) -> [JSON] {
        let appID = String(configuration.applicationID)
        return state.withLock { state -> [JSON] in
            let version = state.nextSnowflake()
            let stored: [JSON] = commands.map { command in
                var object = command.objectValue ?? [:]
                let type = object["type"]?.intValue ?? 1
                let name = object["name"]?.stringValue ?? ""
                let key = "\(guild.map(String.init) ?? "global")/\(type)/\(name)"
                let id = state.rest.commandIDs[key] ?? state.nextSnowflake()
                state.rest.commandIDs[key] = id
                object["id"] = .string(String(id))
                object["application_id"] = .string(appID)
                object["version"] = .string(String(version))
                object["type"] = .int(type)
                if object["description"] == nil { object["description"] = "" }
                if object["default_member_permissions"] == nil { object["default_member_permissions"] = nil }
                if let guild { object["guild_id"] = .string(String(guild)) }
                return .object(object)
            }
            if let guild { state.rest.guildCommands[guild] = stored } else { state.rest.globalCommands = stored }
            return stored
        }
    }

    func makeMessage(_ body: JSON, channelID: UInt64, parts: [MultipartPart], interactionID: UInt64?) -> JSON {
        state.withLock { state in makeMessage(body, channelID: channelID, parts: parts, interactionID: interactionID, in: &state) }
    }

    /// A message object as Discord returns it, built from a create/edit body.
    func makeMessage(_ body: JSON, channelID: UInt64, parts: [MultipartPart], interactionID: UInt64?, in state: inout State) -> JSON {
        draftMessage(body, channelID: channelID, parts: parts, interactionID: interactionID, in: &state).message
    }

    /// The message `makeMessage` builds, with its id taken now and the object built when read.
    func draftMessage(
        _ body: JSON, channelID: UInt64, parts: [MultipartPart], interactionID: UInt64?, in state: inout State
    ) -> MessageDraft {
        MessageDraft(
            id: state.nextSnowflake(), channelID: channelID, body: body, author: botUserJSON, attachments: Self.attachments(parts),
            interaction: interactionID.map { ($0, configuration.applicationID) })
    }

    static func attachments(_ parts: [MultipartPart]) -> JSON {
        .array(
            parts.filter { $0.filename != nil }.enumerated().map { index, part in
                [
                    "id": .string(String(index)), "filename": .string(part.filename ?? "file"), "size": .int(Int64(part.data.count)),
                    "url": .string("https://cdn.discordapp.com/attachments/0/\(index)/\(part.filename ?? "file")"),
                    "content_type": part.contentType.map(JSON.string) ?? nil,
                ]
            })
    }
}
