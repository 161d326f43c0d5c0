import Foundation
import Gacha
import Premium
import Storage

/// `pro-check`: the "is this member Pro here?" answer on the interaction path, once cached:
/// `EntitlementService.isPro` for members whose entitlements were loaded (a gift for half of them,
/// nothing for the rest), called in a loop over `members` members and two guilds. Target: ≤ 2 µs.
enum ProCheckBenchmark {
    struct Result: Codable {
        var benchmark = "pro-check"
        var members: Int
        var calls: Int
        var nanosecondsPerCall: Double
        var proAnswers: Int
        var targetNanoseconds = 2_000.0
    }

    static func run(database: BenchmarkDatabase, members: Int, calls: Int) async throws -> Result {
        try await database.withStore { store in
            let time = GameTime.live()
            let service = EntitlementService(store: store, timeToLive: .seconds(3_600), now: { time.now() })
            let now = time.now()
            let users = (0..<members).map { MemberID(UInt64(1_900_000_000_000_000_000 + $0)) }
            for user in users where user.rawValue % 2 == 0 {
                try await service.grant(user: user, until: now.advanced(by: .seconds(86_400)), at: now)
            }
            for user in users { _ = try await service.isPro(user: user, guild: GuildID(1), at: now) }
            let guilds = [GuildID(1), GuildID(2)]
            var pro = 0
            let clock = ContinuousClock()
            let start = clock.now
            for index in 0..<calls {
                if try await service.isPro(user: users[index % members], guild: guilds[index & 1], at: now) { pro += 1 }
            }
            let elapsed = start.duration(to: clock.now)
            return Result(
                members: members, calls: calls, nanosecondsPerCall: elapsed.seconds * 1e9 / Double(calls), proAnswers: pro)
        }
    }
}
