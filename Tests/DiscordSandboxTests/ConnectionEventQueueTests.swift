import Testing

@testable import DiscordSandbox

/// A gateway connection's event queue: everything queued comes out at once and in order, a
/// waiting consumer is woken by the next event, and finishing or cancelling ends the wait.
@Suite("Sandbox connection events", .timeLimit(.minutes(1)))
struct ConnectionEventQueueTests {
    @Test func queuedEventsComeOutTogetherInOrder() async {
        let queue = ConnectionEventQueue()
        queue.yield(.send("a", seq: 1))
        queue.yield(.fault(.reconnect))
        queue.yield(.send("b", seq: 2))
        let batch = await queue.next()
        #expect(batch.map(Self.describe) == ["send a 1", "fault", "send b 2"])

        // A consumer already waiting gets the next event as soon as it is queued.
        async let woken = queue.next()
        while !queue.hasWaiter { await Task.yield() }
        queue.yield(.send("c", seq: 3))
        #expect(await woken.map(Self.describe) == ["send c 3"])
    }

    @Test func finishingHandsOverWhatIsLeftThenEnds() async {
        let queue = ConnectionEventQueue()
        queue.yield(.inboundEnded)
        queue.finish()
        queue.yield(.send("late", seq: 9))  // ignored after finish
        #expect(await queue.next().map(Self.describe) == ["inboundEnded"])
        #expect(await queue.next().isEmpty)

        let waiting = ConnectionEventQueue()
        async let ended = waiting.next()
        while !waiting.hasWaiter { await Task.yield() }
        waiting.finish()
        #expect(await ended.isEmpty)
    }

    @Test func aCancelledWaitEndsEmpty() async {
        let queue = ConnectionEventQueue()
        let consumer = Task { await queue.next() }
        while !queue.hasWaiter { await Task.yield() }
        consumer.cancel()
        #expect(await consumer.value.isEmpty)
    }

    @Test func eventsBeyondCapacityAreDropped() async {
        let queue = ConnectionEventQueue(capacity: 2)
        for seq in 1...3 { queue.yield(.send("x", seq: seq)) }
        #expect(await queue.next().map(Self.describe) == ["send x 1", "send x 2"])
    }

    static func describe(_ event: ConnectionEvent) -> String {
        switch event {
        case .send(let text, let seq): "send \(text) \(seq.map(String.init) ?? "-")"
        case .fault: "fault"
        case .inboundEnded: "inboundEnded"
        default: "other"
        }
    }
}
