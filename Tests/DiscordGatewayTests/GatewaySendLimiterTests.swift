import Testing

@testable import DiscordGateway

struct GatewaySendLimiterTests {
    @Test func allows117RegularPayloadsPerMinuteKeepingThreeForHeartbeats() {
        var limiter = GatewaySendLimiter()
        for _ in 0..<117 { #expect(limiter.reserve(.regular, now: .zero) == .zero) }
        // The 118th regular payload waits for the oldest to leave the 60 s window.
        #expect(limiter.reserve(.regular, now: .seconds(1)) == .seconds(60))
        // Heartbeats still go at once: three slots are kept for them.
        var heartbeatLimiter = GatewaySendLimiter()
        for _ in 0..<117 { _ = heartbeatLimiter.reserve(.regular, now: .zero) }
        for _ in 0..<3 { #expect(heartbeatLimiter.reserve(.heartbeat, now: .seconds(2)) == .seconds(2)) }
        #expect(heartbeatLimiter.reserve(.heartbeat, now: .seconds(2)) == .seconds(60))
    }

    @Test func neverMoreThan120InAnyWindow() {
        var limiter = GatewaySendLimiter()
        var times: [Duration] = []
        for i in 0..<400 {
            let kind: GatewaySendLimiter.PayloadKind = i % 10 == 0 ? .heartbeat : .regular
            times.append(limiter.reserve(kind, now: .milliseconds(i * 10)))
        }
        times.sort()
        for (index, start) in times.enumerated() {
            let inWindow = times[index...].prefix { $0 < start + .seconds(60) }.count
            #expect(inWindow <= 120)
        }
    }

    @Test func regularPayloadsKeepTheirOrder() {
        var limiter = GatewaySendLimiter(limit: 5, window: .seconds(10), heartbeatReserve: 1)
        let times = (0..<10).map { _ in limiter.reserve(.regular, now: .zero) }
        #expect(times == times.sorted())
        #expect(times[4] == .seconds(10))
    }

    @Test func rejectsPayloadsOver4096BytesBeforeSending() async throws {
        #expect(GatewaySendLimiter.maximumPayloadBytes == 4096)
        let error = GatewaySendError.payloadTooLarge(bytes: 5000, limit: 4096)
        #expect(error.description.contains("4096"))
    }
}

struct ReconnectBackoffTests {
    @Test func growsExponentiallyWithJitterAndIsCapped() {
        let backoff = ReconnectBackoff(base: .seconds(1), cap: .seconds(60), jitter: 0.5)
        #expect(backoff.delay(attempt: 0, unit: 0.3) == .zero)
        #expect(backoff.delay(attempt: 1, unit: 1) == .seconds(1))
        #expect(backoff.delay(attempt: 1, unit: 0) == .milliseconds(500))
        #expect(backoff.delay(attempt: 4, unit: 1) == .seconds(8))
        #expect(backoff.delay(attempt: 4, unit: 0) == .seconds(4))
        #expect(backoff.delay(attempt: 20, unit: 1) == .seconds(60))
        #expect(backoff.delay(attempt: 1000, unit: 0.99) <= .seconds(60))
    }
}
