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

    @Test func cancelledProducerStopsWaiting() async throws {
        let channel = BoundedEventChannel<Int>(capacity: 1)
        try await channel.send(0)
        let task = Task { try await channel.send(1) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
