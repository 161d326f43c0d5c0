import Clocks
import DiscordModels
import Synchronization
import Testing

@testable import Bot

/// The pacing and splitting of streamed talk replies, on a manual clock.
@Suite struct TalkPacingTests {
    final class Sent: Sendable {
        let texts = Mutex<[(String, Duration)]>([])
        func append(_ text: String, at time: Duration) { texts.withLock { $0.append((text, time)) } }
        var all: [(String, Duration)] { texts.withLock { $0 } }
    }

    @Test func editsAtMostOncePerIntervalAndTheFinalTextAlwaysGoesOut() async throws {
        let clock = ManualClock()
        let origin = clock.now
        let sent = Sent()
        let pacer = StreamingEditPacer(clock: clock, interval: .seconds(1)) { text in
            sent.append(text, at: origin.duration(to: clock.now))
        }
        // A piece every 250 ms for 3.5 s.
        var text = ""
        for step in 0..<14 {
            text += "w\(step) "
            let snapshot = text
            try await pacer.offer { snapshot }
            clock.advance(by: .milliseconds(250))
        }
        let beforeFinish = sent.all.count
        #expect(beforeFinish == 3)  // at 1 s, 2 s and 3 s
        let final = text + "end"
        let finishing = Task { try await pacer.finish(final) }
        // The final edit waits for the interval since the last one (3 s → 4 s).
        await clock.waitForSleepers()
        #expect(sent.all.count == beforeFinish)
        clock.advance(by: .milliseconds(500))
        try await finishing.value
        let times = sent.all.map(\.1)
        #expect(sent.all.last?.0 == final)
        for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier >= .seconds(1)) }
        #expect(pacer.edits == sent.all.count)
    }

    @Test func aShortReplyIsSentOnceAtOnceAndAnUnchangedFinalNotAgain() async throws {
        let clock = ManualClock()
        let sent = Sent()
        let pacer = StreamingEditPacer(clock: clock) { text in sent.append(text, at: .zero) }
        try await pacer.offer { "Hel" }
        try await pacer.offer { "Hello" }
        #expect(sent.all.isEmpty)
        try await pacer.finish("Hello there")
        #expect(sent.all.map(\.0) == ["Hello there"])

        let again = StreamingEditPacer(clock: clock) { text in sent.append(text, at: .zero) }
        clock.advance(by: .seconds(2))
        try await again.offer { "Same" }
        clock.advance(by: .seconds(2))
        try await again.finish("Same")
        #expect(sent.all.map(\.0) == ["Hello there", "Same"])
    }

    @Test func longTextSplitsWithinDiscordsLimitAtBreaks() {
        let paragraph = String(repeating: "word ", count: 300)  // 1500 characters
        let text = paragraph + "\n\n" + paragraph + "\n\n" + paragraph
        let chunks = MessageChunks.split(text)
        #expect(chunks.count == 3)
        for chunk in chunks { #expect(chunk.unicodeScalars.count <= DiscordLimits.contentCharacters) }
        #expect(chunks.joined(separator: " ").split(separator: " ").count == 900)

        let unbroken = String(repeating: "x", count: 4500)
        let pieces = MessageChunks.split(unbroken)
        #expect(pieces.map(\.count) == [2000, 2000, 500])

        // A character of several scalars is never cut in two.
        let flags = "a" + String(repeating: "🇫🇷", count: 1500)  // 3001 scalars: the limit falls inside a flag
        let flagChunks = MessageChunks.split(flags)
        #expect(flagChunks.joined() == flags)
        #expect(flagChunks.map(\.unicodeScalars.count) == [1999, 1002])
        for chunk in flagChunks { #expect(chunk.unicodeScalars.count <= DiscordLimits.contentCharacters) }

        #expect(MessageChunks.split("short") == ["short"])
        #expect(MessageChunks.split("") == [""])
    }
}
