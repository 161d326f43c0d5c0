import Clocks
import Gacha
import Storage
import Testing

@Suite struct PointsServiceTests {
    @Test func dailyStreakGrowsBreaksAndCaps() async throws {
        try await withWorld { world in
            let points = world.game.points
            let first = try await points.claimDaily(alice, idempotencyKey: world.key())
            #expect(first.points == 100)
            #expect(first.streak == 1)
            #expect(first.balance == 100)

            world.clock.advance(by: .seconds(86_400))
            let second = try await points.claimDaily(alice, idempotencyKey: world.key())
            #expect(second.points == 120)
            #expect(second.streak == 2)

            // A whole day missed: the streak starts again.
            world.clock.advance(by: .seconds(2 * 86_400))
            #expect(try await points.summary(alice).streak == 0)
            let broken = try await points.claimDaily(alice, idempotencyKey: world.key())
            #expect(broken.streak == 1)
            #expect(broken.points == 100)

            // The bonus is capped at +200.
            var last = broken
            for _ in 0..<15 {
                world.clock.advance(by: .seconds(86_400))
                last = try await points.claimDaily(alice, idempotencyKey: world.key())
            }
            #expect(last.streak == 16)
            #expect(last.points == 300)
            #expect(try await world.events(alice, .dailyClaimed).count == 18)
        }
    }

    @Test func secondClaimSameDayIsRefusedAndSameKeyReturnsTheFirst() async throws {
        try await withWorld { world in
            let key = world.key()
            let first = try await world.game.points.claimDaily(alice, idempotencyKey: key)
            let replay = try await world.game.points.claimDaily(alice, idempotencyKey: key)
            #expect(replay == first)
            world.clock.advance(by: .seconds(3600))
            let again = await gachaError { _ = try await world.game.points.claimDaily(alice, idempotencyKey: world.key()) }
            #expect(again == .dailyAlreadyClaimed(nextClaimAt: first.nextClaimAt))
            #expect(try await world.game.points.balance(alice) == 100)
            #expect(try await world.ledger(alice).count == 1)
        }
    }

    @Test func dailyDayBoundaryIsUTCMidnight() async throws {
        try await withWorld { world in
            _ = try await world.game.points.claimDaily(alice, idempotencyKey: world.key())
            // testEpoch is noon UTC: 11 h 59 min later is still the same day, 12 h later is the next.
            world.clock.advance(by: .seconds(11 * 3600 + 59 * 60))
            #expect(await gachaError { _ = try await world.game.points.claimDaily(alice, idempotencyKey: world.key()) } != nil)
            world.clock.advance(by: .seconds(60))
            #expect(try await world.game.points.claimDaily(alice, idempotencyKey: world.key()).streak == 2)
        }
    }

    @Test func summaryShowsBalanceStreakAndRecentEntries() async throws {
        try await withWorld { world in
            let fresh = try await world.game.points.summary(alice)
            #expect(fresh.balance == 0)
            #expect(fresh.dailyAvailable)
            #expect(fresh.nextDailyPoints == 100)
            _ = try await world.game.points.claimDaily(alice, idempotencyKey: world.key())
            try await world.give(alice, 40)
            let summary = try await world.game.points.summary(alice)
            #expect(summary.balance == 140)
            #expect(summary.streak == 1)
            #expect(!summary.dailyAvailable)
            #expect(summary.nextDailyPoints == 120)
            #expect(summary.recentEntries.map(\.amount) == [40, 100])
            #expect(summary.recentEntries.first?.balanceAfter == 140)
        }
    }

    @Test func grantIsIdempotent() async throws {
        try await withWorld { world in
            let key = world.key()
            try await world.game.points.grant(alice, points: 70, reason: "gift", idempotencyKey: key)
            try await world.game.points.grant(alice, points: 70, reason: "gift", idempotencyKey: key)
            #expect(try await world.game.points.balance(alice) == 70)
        }
    }
}
