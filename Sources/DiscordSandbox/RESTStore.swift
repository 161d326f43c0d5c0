/// The REST resources the sandbox keeps: injected interactions and their messages, commands,
/// channel messages, rate-limit buckets and scripted faults.
struct RESTStore {
    /// The application's entitlements by id (see `SandboxEntitlements.swift`).
    var entitlements: [UInt64: JSON] = [:]
    struct Interaction {
        var id: UInt64
        var token: String
        var channelID: UInt64
        var guildID: UInt64?
        var injectedAt: Duration
        var acknowledged = false
        /// The response message (see `StoredMessage`).
        var storedOriginal: StoredMessage?
        var followups: [UInt64: JSON] = [:]
        /// For a button or select: the interaction whose original message the component sits on.
        /// An update (type 7) or an edit of `@original` then changes that message, as on Discord.
        var source: UInt64?

        /// The response message as Discord returns it.
        var original: JSON? {
            get { storedOriginal?.message }
            set { storedOriginal = newValue.map(StoredMessage.built) }
        }
    }

    /// The newest message (an interaction's original) carrying a component with `customID`:
    /// the message a member would have clicked.
    func messageCarrying(customID: String) -> (interactionID: UInt64, message: JSON)? {
        // Every original ever stored is indexed, so no entry means no message. An entry can be
        // stale (a later edit dropped the component): then the scan below decides.
        guard let id = componentOwners[customID] else { return nil }
        if let original = interactions[id]?.storedOriginal, original.containsComponent(customID: customID) {
            return (id, original.message)
        }
        for id in interactions.keys.sorted(by: >) {
            guard let original = interactions[id]?.storedOriginal, original.containsComponent(customID: customID) else { continue }
            return (id, original.message)
        }
        return nil
    }

    /// Records the custom ids of interaction `id`'s original message; call after changing it.
    mutating func indexComponents(ofInteraction id: UInt64) {
        guard let original = interactions[id]?.storedOriginal else { return }
        original.forEachCustomID { customID in
            componentOwners[customID] = max(componentOwners[customID] ?? 0, id)
        }
    }

    struct Bucket {
        var remaining: Int
        var resetAt: Duration
    }

    struct ScriptedFault {
        var target: RESTFaultTarget
        var fault: RESTFault
        var remaining: Int
    }

    var interactions: [UInt64: Interaction] = [:]
    /// Uploaded attachments by the path that serves them, the paths downloaded so far, and a
    /// scripted delay for downloads (see `SandboxAttachments.swift`).
    var attachments: [String: StoredAttachment] = [:]
    var attachmentDownloads: [String] = []
    var attachmentDelay: Duration?
    /// custom_id → the newest interaction whose original carried it (see `indexComponents`).
    var componentOwners: [String: UInt64] = [:]
    var interactionsByToken: [String: UInt64] = [:]
    var globalCommands: [JSON] = []
    var guildCommands: [UInt64: [JSON]] = [:]
    /// Stable command ids per (guild, type, name) so a second PUT keeps them, as Discord does.
    var commandIDs: [String: UInt64] = [:]
    var channelMessages: [UInt64: [JSON]] = [:]
    /// DM channels by recipient user id (`POST /users/@me/channels`): one per user, as on Discord.
    var directMessageChannels: [UInt64: UInt64] = [:]
    /// Messages created with `enforce_nonce`, by channel and nonce, with when they were created:
    /// a second create with the same nonce within `SandboxCore.nonceWindow` returns the first.
    var messagesByNonce: [UInt64: [String: (message: JSON, createdAt: Duration)]] = [:]
    /// Channel webhooks a test created (`DiscordSandbox.createWebhook`), by id: their token and channel.
    var webhooks: [UInt64: (token: String, channelID: UInt64)] = [:]
    var buckets: [String: Bucket] = [:]
    var faults: [ScriptedFault] = []

    /// Counts one request against bucket `key` (refilled to `limit` once its window is over);
    /// returns the bucket after it.
    mutating func charge(_ key: String, limit: Int, window: Duration, now: Duration) -> Bucket {
        var bucket = buckets[key] ?? Bucket(remaining: limit, resetAt: now + window)
        if now >= bucket.resetAt { bucket = Bucket(remaining: limit, resetAt: now + window) }
        bucket.remaining -= 1
        buckets[key] = bucket
        return bucket
    }

    mutating func takeFault(method: String, template: String?) -> RESTFault? {
        guard let i = faults.firstIndex(where: { $0.target.matches(method: method, template: template) }) else { return nil }
        let fault = faults[i].fault
        faults[i].remaining -= 1
        if faults[i].remaining <= 0 { faults.remove(at: i) }
        return fault
    }
}
