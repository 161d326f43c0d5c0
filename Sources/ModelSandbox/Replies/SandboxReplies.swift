import Foundation
import Talk

/// The sandbox's deterministic replies, so tests can say what a reply must be.
///
/// - A chat reply is `"<name>: <the last user message> <filler words>."`, where `<name>` is the
///   character named in the system messages (`characterName(in:)`; "Character" when none is),
///   and the echo is cut at 300 characters. A persona missing from a request shows in its reply.
/// - A summary request (`isSummaryRequest`: its first system message begins "Summarise",
///   "Summarize" or "You keep the memory", or asks to "summarise the conversation" or to write
///   "what the character should remember") gets `"Summary: <the first 16 words of what it is
///   asked to summarise>"`: the `"text"` values of JSON in its other messages (talk quotes turns
///   as `{"speaker", "text"}`), else every message but the instruction and a closing user line.
/// - With pinging replies on, a chat reply starts with `@everyone @here <@&123> <@456> `.
/// - A reply longer than the request's token cap is cut there, with `finish_reason` `length`.
public enum SandboxReplies {
    public static let pingPrefix = "@everyone @here <@&123> <@456> "
    static let filler = ["the", "lanterns", "hum", "softly", "over", "black", "canals", "while", "bridges", "creak", "and", "stars", "drift"]
    static let echoLimit = 300
    static let summaryWords = 16

    /// The name in the system messages, tried in this order: a JSON field `"name": "…"` (talk's
    /// quoted character card); a line `Name: …` or `Character: …`; `You are …` followed by a
    /// capitalised name, quoted or not (up to the first punctuation). At most 60 characters.
    public static func characterName(in messages: [ChatMessage]) -> String? {
        let system = messages.filter { $0.role == .system }.map(\.content)
        for text in system {
            if let match = text.firstMatch(of: #/"name"\s*:\s*"([^"\n]{1,60})"/#) { return clean(match.1) }
        }
        for text in system {
            if let match = text.firstMatch(of: #/(?m)^\s*(?:[Nn]ame|[Cc]haracter)\s*:\s*([^\n]{1,60})$/#) { return clean(match.1) }
        }
        for text in system {
            if let match = text.firstMatch(of: #/[Yy]ou are (?:now |playing |roleplaying as )?"?([A-Z][^\n.,;:!?()"]{0,59})/#) { return clean(match.1) }
        }
        return nil
    }

    private static func clean(_ text: Substring) -> String? {
        let name = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'*"))
        return name.isEmpty ? nil : name
    }

    public static func isSummaryRequest(_ messages: [ChatMessage]) -> Bool {
        guard let instruction = messages.first(where: { $0.role == .system })?.content else { return false }
        let lower = instruction.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return ["summarise", "summarize", "you keep the memory"].contains { lower.hasPrefix($0) }
            || ["summarise the conversation", "summarize the conversation", "what the character should remember"].contains { lower.contains($0) }
    }

    /// The chat reply for `messages`.
    public static func reply(to messages: [ChatMessage], name: String?, fillerWords: Int, pinging: Bool) -> String {
        if isSummaryRequest(messages) { return summary(of: messages) }
        let lastUser = messages.last { $0.role == .user }?.content ?? ""
        var echo = lastUser.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if echo.count > echoLimit { echo = String(echo.prefix(echoLimit)) }
        let words = (0..<fillerWords).map { filler[$0 % filler.count] }.joined(separator: " ")
        var text = "\(name ?? "Character"): \(echo)"
        if !words.isEmpty { text += " " + words }
        text += "."
        return pinging ? pingPrefix + text : text
    }

    /// `Summary: …` of what the request asks to summarise.
    public static func summary(of messages: [ChatMessage]) -> String {
        let instructionIndex = messages.firstIndex { $0.role == .system }
        var material = messages.indices.filter { $0 != instructionIndex }.map { messages[$0] }
        let quoted = material.flatMap { message in
            message.content.matches(of: #/"text"\s*:\s*"((?:[^"\\]|\\.)*)"/#).map { String($0.1).replacingOccurrences(of: "\\\"", with: "\"") }
        }
        var words: [Substring]
        if !quoted.isEmpty {
            words = quoted.joined(separator: " ").split(whereSeparator: \.isWhitespace)
        } else {
            // A closing "write it now" line is not material when something else is.
            if material.count > 1, material.last?.role == .user { material.removeLast() }
            words = material.map(\.content).joined(separator: " ").split(whereSeparator: \.isWhitespace)
        }
        words = Array(words.prefix(summaryWords))
        return "Summary: " + (words.isEmpty ? "nothing to remember" : words.joined(separator: " "))
    }

    /// `text` cut to at most `maxTokens` by the estimator's rule (4 UTF-8 bytes a token), at a
    /// character boundary; whether it was cut.
    static func capped(_ text: String, maxTokens: Int?) -> (text: String, cut: Bool) {
        guard let maxTokens, TokenEstimator().tokens(in: text) > maxTokens else { return (text, false) }
        var out = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            guard bytes + size <= maxTokens * 4 else { break }
            out.append(character)
            bytes += size
        }
        return (out, true)
    }
}
