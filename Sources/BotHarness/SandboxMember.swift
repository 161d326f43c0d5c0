import DiscordModels
import DiscordSandbox
import Foundation

/// A member who uses the bot through the sandbox: each action injects a real INTERACTION_CREATE
/// on the gateway and returns what the bot answered over REST.
public struct SandboxMember: Sendable {
    public let sandbox: DiscordSandbox
    public let userID: UInt64
    public let name: String
    /// Whether the member's interactions carry their active entitlements, as Discord's do
    /// (`interaction.entitlements`). Off: only the gateway's ENTITLEMENT_* events tell the bot.
    public var carriesEntitlements = true

    /// The member's permission bits as interactions carry them (`member.permissions`); nil: the
    /// sandbox's default, which lacks Manage Guild.
    public var permissions: UInt64?

    public init(sandbox: DiscordSandbox, userID: UInt64, name: String, permissions: UInt64? = nil) {
        self.sandbox = sandbox
        self.userID = userID
        self.name = name
        self.permissions = permissions
    }

    /// Uploads a file as this member would before attaching it to a command: pass the result to
    /// `CommandOptionValue.attachment`.
    public func upload(_ filename: String, _ data: Data, contentType: String? = nil, declaredSize: Int? = nil) -> SandboxAttachment {
        sandbox.uploadAttachment(filename: filename, data: data, contentType: contentType, declaredSize: declaredSize)
    }

    /// Entitlements (JSON) the member's interactions carry instead of the sandbox's active ones.
    public var carriedEntitlementsJSON: [String]?

    /// This member, with interactions that carry exactly `entitlementsJSON` (ones Discord never
    /// announced over the gateway, say).
    public func carrying(_ entitlementsJSON: [String]) -> SandboxMember {
        var member = self
        member.carriedEntitlementsJSON = entitlementsJSON
        return member
    }

    /// This member, with interactions that carry no entitlements.
    public func withoutEntitlements() -> SandboxMember {
        var member = self
        member.carriesEntitlements = false
        return member
    }

    /// Runs a slash command and returns the bot's initial response (waiting up to `timeout`).
    @discardableResult
    public func command(
        _ name: String, _ options: [CommandOptionValue] = [], timeout: Duration = DiscordSandbox.defaultTimeout
    ) async throws -> BotAnswer {
        try await perform(.slashCommand(name: name, options: options), timeout: timeout)
    }

    @discardableResult
    public func press(_ customID: String) async throws -> BotAnswer {
        try await perform(.button(customID: customID))
    }

    @discardableResult
    public func select(_ customID: String, _ values: [String]) async throws -> BotAnswer {
        try await perform(.stringSelect(customID: customID, values: values))
    }

    public func autocomplete(_ name: String, _ options: [CommandOptionValue]) async throws -> BotAnswer {
        try await perform(.autocomplete(name: name, options: options))
    }

    public func perform(_ kind: MemberAction, timeout: Duration = DiscordSandbox.defaultTimeout) async throws -> BotAnswer {
        let entitlements =
            !carriesEntitlements ? []
            : carriedEntitlementsJSON ?? sandbox.activeEntitlementsJSON(userID: userID, guildID: sandbox.configuration.guilds.first?.id)
        let injected = try sandbox.injectInteraction(
            kind, userID: userID, username: name, entitlementsJSON: entitlements, memberPermissions: permissions)
        let request = try await sandbox.interactionCallback(for: injected.id, timeout: timeout)
        return try BotAnswer(interaction: injected, request: request)
    }

    /// The next edit of the original response of `answer`'s interaction (e.g. the reveal that
    /// replaces the box-opening animation).
    public func nextEdit(of answer: BotAnswer) async throws -> MessageEdit {
        let token = answer.interaction.token
        let request = try await sandbox.nextRequest { request in
            request.method == "PATCH" && request.path.hasSuffix("/messages/@original") && request.path.contains(token)
        }
        return try request.decodePayload(MessageEdit.self)
    }
}

/// What the bot answered to one interaction.
public struct BotAnswer: Sendable {
    public let interaction: InjectedInteraction
    public let request: RecordedRequest
    public let response: InteractionResponse

    init(interaction: InjectedInteraction, request: RecordedRequest) throws {
        self.interaction = interaction
        self.request = request
        self.response = try request.decodePayload(InteractionResponse.self)
    }

    public var message: InteractionMessageData? {
        if case .message(let data)? = response.data { return data }
        return nil
    }

    public var isEphemeral: Bool { message?.flags?.contains(.ephemeral) ?? false }

    /// Every custom id of the answer's buttons and selects, in order.
    public var customIDs: [String] { MessageText.customIDs(message?.components ?? []) }

    /// The answer as a person would read it.
    public var text: String {
        switch response.data {
        case .message(let data)?: MessageText.render(data)
        case .autocomplete(let choices)?: "suggestions: " + choices.map(\.name).joined(separator: ", ")
        case .modal(let modal)?: "[modal] \(modal.title)"
        case nil: "(\(response.type))"
        }
    }
}
