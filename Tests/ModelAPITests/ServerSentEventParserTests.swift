import ModelAPI
import Testing

/// The event-stream parser on bytes cut anywhere.
@Suite struct ServerSentEventParserTests {
    static let stream = Array(
        ": keep-alive\r\n\r\ndata: {\"a\":\"é1\"}\r\n\r\nevent: note\ndata: line one\ndata:line two\n\ndata\n\nid: 7\rdata: ☃ snow\r\r: tail comment\ndata: [DONE]\n\n"
            .utf8)
    static let expected = [
        ServerSentEvent(data: "{\"a\":\"é1\"}"),
        ServerSentEvent(event: "note", data: "line one\nline two"),
        ServerSentEvent(data: ""),
        ServerSentEvent(data: "☃ snow", id: "7"),
        ServerSentEvent(data: "[DONE]", id: "7"),
    ]

    @Test func oneBufferGivesEveryEvent() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(Self.stream) == Self.expected)
    }

    @Test func everySplitPointGivesTheSameEvents() throws {
        for cut in 0...Self.stream.count {
            var parser = ServerSentEventParser()
            let events = try parser.feed(Self.stream[..<cut]) + parser.feed(Self.stream[cut...])
            #expect(events == Self.expected, "cut at \(cut)")
        }
    }

    @Test func byteByByteGivesTheSameEvents() throws {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in Self.stream { events += try parser.feed([byte]) }
        #expect(events == Self.expected)
    }

    @Test func anEventWithoutItsBlankLineIsDroppedAtTheEnd() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(Array("data: first\n\ndata: half".utf8)) == [ServerSentEvent(data: "first")])
        parser.finish()
        #expect(try parser.feed(Array("\n".utf8)).isEmpty, "the half event is gone")
    }

    @Test func aLineThatNeverEndsIsRefused() throws {
        var parser = ServerSentEventParser(maximumLineBytes: 16)
        #expect(throws: ServerSentEventParser.LineTooLong.self) { try parser.feed(Array(repeating: UInt8(ascii: "x"), count: 17)) }
    }
}
