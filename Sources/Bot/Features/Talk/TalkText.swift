import DiscordModels
import Gacha
import Packs
import Talk

/// What `/talk` says. Everything a member, a creator or the model wrote passes through
/// `SafeText`, so it reads as written but cannot ping or hide a link.
enum TalkText {
    /// The member's line, quoted above the reply.
    static func quoted(_ message: String) -> String {
        "> " + SafeText(message, limit: 300, singleLine: true).text
    }

    /// The reply while it streams (the cursor marks it unfinished).
    static func streaming(name: String, opening: String?, message: String, reply: String) -> String {
        let name = SafeText(name, limit: 80, singleLine: true).text
        let head = opening.map { "**\(name):** \(SafeText($0).text)\n" } ?? ""
        return head + quoted(message) + "\n**\(name):** " + SafeText(reply).text + " ▍"
    }

    /// The finished reply: the opening line when this turn opened the conversation, the member's
    /// line, then the character's answer (with a note when it was cut).
    static func reply(_ reply: TalkReply, message: String) -> String {
        let name = SafeText(reply.character.name, limit: 80, singleLine: true).text
        var lines: [String] = []
        // Cards write their own emphasis (`*waves*`): the opening line is shown as written.
        if let opening = reply.opening { lines.append("**\(name):** \(SafeText(opening).text)") }
        lines.append(quoted(message))
        var answer = SafeText(reply.text).text
        if answer.isEmpty { answer = "…" }
        if reply.truncated { answer += " …" }
        if reply.interrupted { answer += "\n-# The reply was cut off." }
        lines.append("**\(name):** \(answer)")
        return lines.joined(separator: "\n")
    }

    static func reset(_ character: GameCharacter, removed: Int) -> String {
        let name = SafeText(character.name, limit: 80, singleLine: true).text
        let turns = removed == 1 ? "1 message" : "\(removed) messages"
        return "🧹 Your conversation with **\(name)** starts over (\(turns) cleared). "
            + "What \(name) remembers long-term stays: see `/talk memory`."
    }

    /// The memories, oldest first, within one message.
    static func memories(_ character: GameCharacter, _ memories: [String]) -> String {
        let name = SafeText(character.name, limit: 80, singleLine: true).text
        guard !memories.isEmpty else {
            return "🧠 **\(name)** has no long-term memories of you yet: they form as your conversation grows."
        }
        var text = "🧠 What **\(name)** remembers about you:"
        let limit = DiscordLimits.contentCharacters
        for (index, memory) in memories.enumerated() {
            let line = "\n• " + SafeText(memory, limit: 400, singleLine: true).text
            let more = "\n… and \(memories.count - index) more."
            if (text + line).unicodeScalars.count + more.unicodeScalars.count > limit {
                text += more
                break
            }
            text += line
        }
        return text
    }

    /// A private refusal that says what to do.
    static func refusal(_ error: TalkError, query: String) -> InteractionMessageData {
        InteractionMessageData(content: refusalText(error, query: query), allowed_mentions: AllowedMentions.none, flags: .ephemeral)
    }

    static func refusalText(_ error: TalkError, query: String) -> String {
        switch error {
        case .notOwned(let query):
            "You don't own a character called “\(SafeText.preview(query))”. You can only talk with your own: `/inventory` lists them."
        case .emptyMessage:
            "Your message is empty: write something for your character to answer."
        case .messageTooLong(let characters, let limit):
            "Your message is \(characters) characters long; the limit is \(limit). Say it in fewer words."
        case .rateLimited(let retryAfter):
            "You're talking a little fast: try again in \(seconds(retryAfter)) s."
        case .busy:
            "Your character is still answering your last message: wait for that reply, then go on."
        case .alreadyAnswered:
            "That message was already answered."
        case .provider(let failure):
            switch failure {
            case .insufficientQuota, .unauthorized, .rejected:
                "Talking with characters is unavailable right now; the bot's operator has been told. Nothing was counted."
            default:
                "Your character couldn't answer just now (the model is busy or unreachable). Try again in a minute; nothing was counted."
            }
        }
    }

    private static func seconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }
}
