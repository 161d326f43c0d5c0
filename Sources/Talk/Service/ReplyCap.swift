import Synchronization

/// Cuts a streamed reply at the configured length (in Unicode scalars, as Discord counts): the
/// pieces past the cap are dropped, so neither the member nor the store ever sees more.
final class ReplyCap: Sendable {
    let limit: Int
    private let used = Mutex(0)

    init(limit: Int) { self.limit = max(0, limit) }

    /// What of `piece` fits under the cap (nil when nothing does).
    func take(_ piece: String) -> String? {
        used.withLock { used -> String? in
            let left = limit - used
            guard left > 0, !piece.isEmpty else { return nil }
            let kept = Self.prefix(piece, scalars: left)
            used += kept.unicodeScalars.count
            return kept.isEmpty ? nil : kept
        }
    }

    /// The whole reply under the cap, and whether it was cut.
    func text(of reply: String) -> (text: String, truncated: Bool) {
        let kept = Self.prefix(reply, scalars: limit)
        return (kept, kept.unicodeScalars.count < reply.unicodeScalars.count)
    }

    /// At most `count` scalars of `text`, ending on a character boundary.
    static func prefix(_ text: String, scalars count: Int) -> String {
        guard text.unicodeScalars.count > count else { return text }
        var kept = 0
        var end = text.startIndex
        for character in text {
            let size = character.unicodeScalars.count
            if kept + size > count { break }
            kept += size
            end = text.index(after: end)
        }
        return String(text[..<end])
    }
}
