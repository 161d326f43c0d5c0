import DiscordModels
import DiscordREST
import Logging
import Synchronization

/// Answers one interaction exactly once, whoever comes first: the handler, or the deadline
/// watchdog that defers when the handler is slow (so no member ever sees "This interaction
/// failed"). After a deferral, the handler's answer is turned into an edit of the original
/// message; after an answer, further messages become follow-ups. Every outgoing message has its
/// `allowed_mentions` forced safe (no @everyone, no roles), and every body the handler hands in is
/// checked against Discord's limits (`DiscordLimits`) first: a violation throws a
/// `DiscordLimitViolation` naming the field, in our process, before any request is made.
public final class InteractionResponder: Sendable {
    public enum Phase: Sendable, Equatable {
        /// Nothing sent yet.
        case pending
        /// A deferred acknowledgement (type 5 or 6) was sent; the answer goes to the original message.
        case deferred
        /// The initial response was sent.
        case responded
    }

    public let interaction: Interaction
    /// Whether a watchdog deferral should be ephemeral (for commands whose answer is private).
    public let defersEphemerally: Bool
    private let rest: DiscordRESTClient
    private let logger: Logger
    private let lock = AsyncSerialLock()
    private let phaseBox = Mutex(Phase.pending)
    private let deferredByWatchdogBox = Mutex(false)

    public init(interaction: Interaction, rest: DiscordRESTClient, defersEphemerally: Bool = false, logger: Logger) {
        self.interaction = interaction
        self.rest = rest
        self.defersEphemerally = defersEphemerally
        self.logger = logger
    }

    public var phase: Phase { phaseBox.withLock { $0 } }
    /// True when the watchdog, not the handler, acknowledged the interaction.
    public var wasDeferredByWatchdog: Bool { deferredByWatchdogBox.withLock { $0 } }

    /// Sends `response` as the initial response, or adapts it to what was already sent.
    /// Throws `DiscordLimitViolation`, sending nothing, when it breaks one of Discord's limits.
    public func respond(_ response: InteractionResponse, files: [FileAttachment] = []) async throws {
        let response = MentionSafety.sanitize(response)
        // Whichever form it is sent in (callback, edit of the original, follow-up) carries these same fields.
        try DiscordLimits.validate(response)
        try await lock.withLock {
            switch phase {
            case .pending:
                try await sendInitial(response, files: files)
            case .deferred:
                try await completeDeferred(with: response, files: files)
            case .responded:
                try await sendAfterResponse(response, files: files)
            }
        }
    }

    /// The watchdog's move: acknowledge now if nothing was sent. Autocomplete cannot be deferred.
    @discardableResult
    public func deferIfPending() async -> Bool {
        await lock.withLock {
            guard phase == .pending, interaction.type != .autocomplete else { return false }
            let deferral: InteractionResponse =
                interaction.type == .messageComponent
                ? .deferredUpdate : .deferredMessage(ephemeral: defersEphemerally)
            do {
                try await sendInitial(deferral, files: [])
                deferredByWatchdogBox.withLock { $0 = true }
                logger.notice("deferred a slow interaction", metadata: ["interaction": "\(interaction.id)"])
                return true
            } catch {
                logger.error("deferral failed: \(error)", metadata: ["interaction": "\(interaction.id)"])
                return false
            }
        }
    }

    /// Edits the original response (the message this interaction created or, for a component,
    /// the message it sits on).
    /// Throws `DiscordLimitViolation`, sending nothing, when it breaks one of Discord's limits.
    public func editOriginal(_ edit: MessageEdit, files: [FileAttachment] = []) async throws {
        let edit = MentionSafety.sanitize(edit)
        try DiscordLimits.validate(edit)
        try await lock.withLock {
            _ = try await rest.editOriginalInteractionResponse(
                applicationID: interaction.application_id, token: interaction.token, edit: edit, files: files)
        }
    }

    /// Deletes the original response (a public "thinking…" message whose answer turned out to
    /// be private, say).
    public func deleteOriginal() async throws {
        try await lock.withLock {
            try await rest.deleteOriginalInteractionResponse(applicationID: interaction.application_id, token: interaction.token)
        }
    }

    /// Sends a follow-up message (the interaction must have been acknowledged first).
    /// Throws `DiscordLimitViolation`, sending nothing, when it breaks one of Discord's limits.
    public func followUp(_ data: InteractionMessageData, files: [FileAttachment] = []) async throws {
        let data = MentionSafety.sanitize(data)
        try DiscordLimits.validate(data)
        try await lock.withLock {
            if phase == .pending {
                try await sendInitial(.message(data), files: files)
            } else {
                try await rest.createFollowupMessage(
                    applicationID: interaction.application_id, token: interaction.token, message: ExecuteWebhook(data), files: files)
            }
        }
    }

    private func sendInitial(_ response: InteractionResponse, files: [FileAttachment]) async throws {
        do {
            try await rest.createInteractionResponse(
                interactionID: interaction.id, token: interaction.token, response: response, files: files)
        } catch {
            // 40060 "already acknowledged": a replay of an interaction answered before a restart.
            let alreadyAcknowledged = Self.isAlreadyAcknowledged(error)
            guard alreadyAcknowledged else { throw error }
            logger.notice("interaction was already acknowledged", metadata: ["interaction": "\(interaction.id)"])
        }
        let isDeferral = response.type == .deferredChannelMessageWithSource || response.type == .deferredUpdateMessage
        phaseBox.withLock { $0 = isDeferral ? .deferred : .responded }
    }

    private static func isAlreadyAcknowledged(_ error: any Error) -> Bool {
        (error as? DiscordRESTError)?.discordCode == 40060
    }

    private func completeDeferred(with response: InteractionResponse, files: [FileAttachment]) async throws {
        switch (response.type, response.data) {
        case (.channelMessageWithSource, .message(let data)?), (.updateMessage, .message(let data)?):
            try await rest.editOriginalInteractionResponse(
                applicationID: interaction.application_id, token: interaction.token, edit: MessageEdit(data),
                files: files)
            phaseBox.withLock { $0 = .responded }
        case (.deferredChannelMessageWithSource, _), (.deferredUpdateMessage, _):
            break  // already deferred
        default:
            // A modal or autocomplete cannot follow a deferral; say so instead of failing silently.
            logger.warning(
                "a \(response.type) response came after the deferral and cannot be sent",
                metadata: ["interaction": "\(interaction.id)"])
            try await rest.createFollowupMessage(
                applicationID: interaction.application_id, token: interaction.token,
                message: ExecuteWebhook(InteractionMessageData(
                    content: "That took too long, please try again.", allowed_mentions: AllowedMentions.none, flags: .ephemeral)))
        }
    }

    private func sendAfterResponse(_ response: InteractionResponse, files: [FileAttachment]) async throws {
        switch (response.type, response.data) {
        case (.updateMessage, .message(let data)?):
            try await rest.editOriginalInteractionResponse(
                applicationID: interaction.application_id, token: interaction.token, edit: MessageEdit(data),
                files: files)
        case (.channelMessageWithSource, .message(let data)?):
            try await rest.createFollowupMessage(
                applicationID: interaction.application_id, token: interaction.token, message: ExecuteWebhook(data), files: files)
        default:
            logger.warning(
                "dropped a second \(response.type) response", metadata: ["interaction": "\(interaction.id)"])
        }
    }
}
