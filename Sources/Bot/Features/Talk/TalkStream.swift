import DiscordModels
import Gacha
import Synchronization
import Talk

/// One reply as the member watches it: the text so far, rendered safe and edited into the
/// original response through a `StreamingEditPacer`; at the end the whole reply, its first part
/// in the original and the rest as follow-ups within Discord's content limit.
final class TalkStream: Sendable {
    private let context: InteractionContext
    private let message: String
    private let pacer: StreamingEditPacer
    private let state = Mutex(State())

    private struct State {
        var started = false
        var text = ""
        var characterName = ""
        var opening: String?
    }

    init(context: InteractionContext, clock: any Clock<Duration>, interval: Duration, message: String) {
        self.context = context
        self.message = message
        self.pacer = StreamingEditPacer(clock: clock, interval: interval) { content in
            try await context.editOriginal(MessageEdit(content: content, allowed_mentions: AllowedMentions.none))
        }
    }

    var hasStarted: Bool { state.withLock { $0.started } }
    /// Edits sent to the original response so far.
    var edits: Int { pacer.edits }

    func started(_ character: GameCharacter, opening: String?) {
        state.withLock { state in
            state.started = true
            state.characterName = character.name
            state.opening = opening
        }
    }

    /// A piece of the reply arrived: shown when an edit is due.
    func append(_ piece: String) async throws {
        let (text, name, opening) = state.withLock { state in
            state.text += piece
            return (state.text, state.characterName, state.opening)
        }
        try await pacer.offer { [message] in
            MessageChunks.split(TalkText.streaming(name: name, opening: opening, message: message, reply: text))[0]
        }
    }

    /// The whole reply: the original shows its first part (always sent), follow-ups the rest.
    func finish(_ reply: TalkReply) async throws {
        let chunks = MessageChunks.split(TalkText.reply(reply, message: message))
        try await pacer.finish(chunks[0])
        for chunk in chunks.dropFirst() {
            try await context.followUp(InteractionMessageData(content: chunk, allowed_mentions: AllowedMentions.none))
        }
    }
}
