import DiscordModels
import Gacha
import Logging
import Packs
import Storage
import Talk

/// `/talk say|reset|memory`: members talk with characters they own. The reply streams into the
/// original response, edited at most about once a second (`StreamingEditPacer`), split into
/// follow-ups past Discord's content limit; every talk message pings nobody (`allowed_mentions`
/// empty, and mentions neutralised with `SafeText`). Refusals (not owned, empty, too long, rate
/// limited, busy, quota) are private and come before the acknowledgement; a provider failure
/// after it removes the "thinking…" message and answers privately, without internals.
struct TalkFeature: BotFeature {
    let name = "Talk"
    /// Nil when no model is configured: `/talk` says talk is not set up.
    let talk: TalkService?
    let game: GachaGame
    var usage: PremiumUsage?
    let clock: any Clock<Duration>
    var editInterval: Duration = .seconds(1)
    let logger: Logger

    func register(in routes: inout FeatureRoutes) {
        routes.command("talk say") { context in try await say(context) }
        routes.command("talk reset", ephemeral: true) { context in try await reset(context) }
        routes.command("talk memory", ephemeral: true) { context in try await memory(context) }
        for path: CommandPath in ["talk say", "talk reset", "talk memory"] {
            routes.autocomplete(path) { context in try await suggestOwnedCharacters(context) }
        }
    }

    private func service() throws -> TalkService {
        guard let talk else {
            throw UserMessageError("Talking with characters isn't set up on this bot yet: its operator has to configure a model.")
        }
        return talk
    }

    // MARK: say

    private func say(_ context: InteractionContext) async throws {
        let talk = try service()
        let player = try context.player()
        let query = context.stringOption("character")
        let message = context.stringOption("message")
        var quota: TalkUsage?
        if let usage, usage.meters(TalkUsage.messagesMeter) || usage.meters(TalkUsage.tokensMeter) {
            // The tier is read before the turn (cached); the counts commit with the turn.
            quota = TalkUsage(usage: usage, player: player, tier: try await usage.access.tier(context, at: usage.now()))
        }
        let stream = TalkStream(context: context, clock: clock, interval: editInterval, message: message)
        let reply: TalkReply
        do {
            reply = try await talk.say(
                player, userName: context.memberName, character: query, message: message, callID: "talk:\(context.interaction.id.rawValue)", quota: quota,
                onStart: { character, opening in
                    try await context.responder.respond(.deferredMessage(ephemeral: false))
                    stream.started(character, opening: opening)
                },
                onText: { piece in try await stream.append(piece) })
        } catch let error as TalkError {
            try await fail(context, stream: stream, with: TalkText.refusal(error, query: query), error: error)
            return
        } catch let reached as UsageLimitReached {
            guard let usage else { throw reached }
            try await usage.recordLimit(reached.notice, player: player)
            let answer = await usage.limitMessage(reached.notice, context: context)
            try await fail(context, stream: stream, with: answer, error: nil)
            return
        }
        try await stream.finish(reply)
        if let usage, let notice = quota?.warning.notice {
            // Once per period: only the member sees it.
            let row = notice.offersUpgrade ? await usage.upgradeRow(for: context) : []
            try await context.followUp(
                InteractionMessageData(content: PremiumViews.text(notice), flags: .ephemeral, components: row.isEmpty ? nil : row))
        }
    }

    /// A private answer to a turn that did not happen. Before the acknowledgement it is the
    /// reply itself; after it, the public "thinking…" message is removed first.
    private func fail(_ context: InteractionContext, stream: TalkStream, with answer: InteractionMessageData, error: TalkError?) async throws {
        if case .provider(let failure)? = error {
            switch failure {
            case .insufficientQuota, .unauthorized, .rejected:
                logger.error("talk: the model provider refused us", metadata: ["error": "\(failure)"])
            default:
                logger.warning("talk: no reply from the model", metadata: ["error": "\(failure)"])
            }
        }
        // After an acknowledgement (ours, or the watchdog's) the "thinking…" message is public.
        if stream.hasStarted || context.responder.phase == .deferred {
            try? await context.responder.deleteOriginal()
            try await context.followUp(answer)
        } else {
            try await context.reply(answer)
        }
    }

    // MARK: reset and memory

    private func reset(_ context: InteractionContext) async throws {
        let talk = try service()
        let query = context.stringOption("character")
        do {
            let (character, removed) = try await talk.reset(try context.player(), character: query)
            try await context.reply(InteractionMessageData(content: TalkText.reset(character, removed: removed), flags: .ephemeral))
        } catch let error as TalkError {
            try await context.reply(TalkText.refusal(error, query: query))
        }
    }

    private func memory(_ context: InteractionContext) async throws {
        let talk = try service()
        let query = context.stringOption("character")
        do {
            let (character, memories) = try await talk.memories(try context.player(), character: query)
            try await context.reply(InteractionMessageData(content: TalkText.memories(character, memories.map(\.text)), flags: .ephemeral))
        } catch let error as TalkError {
            try await context.reply(TalkText.refusal(error, query: query))
        }
    }

    /// The member's own characters whose name starts with what they typed (ownership is checked
    /// again when the command runs).
    private func suggestOwnedCharacters(_ context: InteractionContext) async throws {
        var prefix = ""
        if case .string(let typed)? = context.interaction.commandData?.focusedOption?.value { prefix = typed }
        let matches = try await game.inventory.search(try context.player(), prefix: prefix, limit: 25)
        try await context.autocomplete(
            matches.map { ApplicationCommandOptionChoice(name: String("\($0.name) (\($0.series))".prefix(100)), value: .string($0.id)) })
    }
}

extension InteractionContext {
    /// How the member is called in this server: their server nickname, else their display name.
    var memberName: String {
        interaction.member?.nick ?? interaction.invoker?.displayName ?? "friend"
    }
}
