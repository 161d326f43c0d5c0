import Analytics
import Storage
import Testing

@Suite struct SyntheticActivityTests {
    let end = T.at(T.d0 + 90)

    func collect(_ a: SyntheticActivity) async throws -> [AnalyticsEvent] {
        var all: [AnalyticsEvent] = []
        try await a.generate { all += $0 }
        return all
    }

    @Test func theSameSeedGivesTheSameEventsAndAnotherSeedOthers() async throws {
        let a = SyntheticActivity(guilds: 4, members: 200, events: 5_000, days: 30, seed: 9, end: end)
        let first = try await collect(a)
        #expect(try await collect(a) == first)
        var b = a
        b.seed = 10
        #expect(try await collect(b) != first)
    }

    @Test func shapeFollowsTheDocumentedDistributions() async throws {
        let a = SyntheticActivity(guilds: 4, members: 400, events: 12_000, days: 30, seed: 3, end: end)
        let events = try await collect(a)
        // About the target (purchases and talks add a second event).
        #expect(events.count >= 12_000 && events.count < 16_000)
        let start = end.advanced(by: .milliseconds(-30 * T.day))
        #expect(events.allSatisfy { $0.at >= start && $0.at < end })
        let firstSeen = events.filter { $0.name == "first_seen" }
        #expect(firstSeen.count == 400)
        #expect(Set(events.map(\.player.guild)).count == 4)
        // Every member's first event is first_seen, and the funnel's steps keep their order.
        let byPlayer = Dictionary(grouping: events, by: \.player)
        for (_, list) in byPlayer {
            #expect(list.first?.name == "first_seen")
            let names = list.map(\.name.rawValue)
            if let trial = names.firstIndex(of: "trial_start") { #expect(names.firstIndex(of: "first_talk").map { $0 < trial } == true) }
            if let paid = names.firstIndex(of: "conversion") { #expect(names.firstIndex(of: "trial_start").map { $0 < paid } == true) }
        }
        let rolled = byPlayer.values.filter { $0.contains { $0.name == "roll" } }.count
        #expect(rolled > 400 * 70 / 100 && rolled < 400 * 90 / 100)  // 80% roll
    }

    @Test func badParametersAreNamed() {
        #expect(SyntheticActivity(guilds: 0, members: 1, events: 1, days: 1, seed: 1, end: end).problem?.contains("--guilds") == true)
        #expect(SyntheticActivity(guilds: 2, members: 1, events: 1, days: 1, seed: 1, end: end).problem?.contains("--members") == true)
        #expect(SyntheticActivity(guilds: 1, members: 5, events: 4, days: 1, seed: 1, end: end).problem?.contains("--events") == true)
        #expect(SyntheticActivity(guilds: 1, members: 5, events: 5, days: 0, seed: 1, end: end).problem?.contains("--days") == true)
    }
}
