import Testing

@testable import DiscordGateway

struct BoundedEventChannelTests {
    @Test func deliversInOrderAndSuspendsProducersWhenFull() async throws {
        let channel = BoundedEventChannel<Int>(capacity: 2)
        try await channel.send(1)
        try await channel.send(2)
        #expect(channel.bufferedCount == 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for value in 3...10 { try await channel.send(value) }
                channel.finish()
            }
            var received: [Int] = []
            for await value in channel {
                received.append(value)
                #expect(channel.bufferedCount <= 2)
            }
            #expect(received == Array(1...10))
            try await group.waitForAll()
        }
    }

    @Test func sendAfterFinishFails() async {
        let channel = BoundedEventChannel<Int>(capacity: 1)
        channel.finish()
        await #expect(throws: BoundedEventChannel<Int>.FinishedError.self) { try await channel.send(1) }
    }

    /// A send that finds room (or a waiting consumer) completes at once; one from a cancelled task
    /// throws even when there is room, as it did before the fast path.
    @Test func sendsWithRoomCompleteAndACancelledSendThrowsAnyway() async throws {
        let channel = BoundedEventChannel<Int>(capacity: 2)
        let consumer = Task { () -> Int? in
            var iterator = channel.makeAsyncIterator()
            return await iterator.next()
        }
        // Either parked consumer or buffer: the element arrives exactly once, in order with the next.
        try await channel.send(1)
        try await channel.send(2)
        #expect(await consumer.value == 1)
        #expect(channel.bufferedCount == 1)
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await channel.send(3)
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(channel.bufferedCount == 1)
        channel.finish()
        var rest: [Int] = []
        for await value in channel { rest.append(value) }
        #expect(rest == [2])
    }

    @Test func cancelledProducerStopsWaiting() async throws {
        let channel = BoundedEventChannel<Int>(capacity: 1)
        try await channel.send(0)
        let task = Task { try await channel.send(1) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    /// A cancelled consumer sees the end even with elements waiting (the fast path for buffered
    /// elements skips it), and the elements stay for the next reader, in order.
    @Test func aCancelledReaderSeesTheEndAndLeavesBufferedElements() async throws {
        let channel = BoundedEventChannel<Int>(capacity: 4)
        for value in 1...3 { try await channel.send(value) }
        let cancelled = Task { () -> Int? in
            withUnsafeCurrentTask { $0?.cancel() }
            var iterator = channel.makeAsyncIterator()
            return await iterator.next()
        }
        #expect(await cancelled.value == nil)
        #expect(channel.bufferedCount == 3)
        channel.finish()
        var received: [Int] = []
        for await value in channel { received.append(value) }
        #expect(received == [1, 2, 3])
    }
}
