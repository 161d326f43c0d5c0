import Clocks
import Premium
import Storage
import Testing

/// A flag change written by one process reaches another's evaluator after one poll interval:
/// two independent stores on one database, the second polled by a `FlagRefresher` on a ManualClock.
@Suite("Flag propagation", .timeLimit(.minutes(2)))
struct FlagPropagationTests {
    static let at = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)

    /// A user inside a 50% rollout of `flag` and one outside it, found by the bucketing itself.
    static func users(for flag: String) -> (inside: MemberID, outside: MemberID) {
        let ids = (1...1_000).map { MemberID(UInt64($0)) }
        let inside = ids.first { FlagBucketing.normalizedValue(String($0.rawValue), group: flag) <= 50 }!
        let outside = ids.first { FlagBucketing.normalizedValue(String($0.rawValue), group: flag) > 50 }!
        return (inside, outside)
    }

    @Test(arguments: PremiumTestDatabase.available)
    func aChangeThroughOneStoreIsSeenByTheOthersEvaluatorAfterOnePoll(_ database: PremiumTestDatabase) async throws {
        let name = "price_test"
        let (inside, outside) = Self.users(for: name)
        try await database.withTwoStores { writer, reader in
            let clock = ManualClock()
            let flags = FeatureFlags()
            let interval = FlagRefresher.defaultInterval
            let refresher = FlagRefresher(flags: flags, store: reader, interval: interval, clock: clock)
            /// Moves one interval on and waits until the refresher has polled and parked again.
            func onePoll() async {
                clock.advance(by: interval)
                await clock.waitForSleepers(1)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await refresher.run() }
                await clock.waitForSleepers(1)  // the first read is done
                #expect(flags.isEnabled(name, user: inside) == false)

                try await writer.writePremium { try await $0.upsertFeatureFlag(FeatureFlag(name: name, rollout: 50, updatedAt: Self.at)) }
                // Not yet polled: the old snapshot answers, even a moment before the interval ends.
                clock.advance(by: interval - .milliseconds(1))
                #expect(clock.sleeperCount == 1)
                #expect(flags.isEnabled(name, user: inside) == false)
                clock.advance(by: .milliseconds(1))
                await clock.waitForSleepers(1)
                #expect(flags.isEnabled(name, user: inside))
                #expect(flags.isEnabled(name, user: outside) == false)
                let seen = flags.snapshot.version

                // The global switch wins over the rollout, and lifting it restores the rollout.
                try await writer.writePremium { try await $0.setFlagsKilled(true, at: Self.at) }
                await onePoll()
                #expect(flags.isEnabled(name, user: inside) == false)
                #expect(flags.snapshot.version > seen)
                try await writer.writePremium { try await $0.setFlagsKilled(false, at: Self.at) }
                await onePoll()
                #expect(flags.isEnabled(name, user: inside))

                // Killing the one flag wins too; a full rollout reaches the outsider.
                try await writer.writePremium {
                    try await $0.upsertFeatureFlag(FeatureFlag(name: name, rollout: 100, killed: true, updatedAt: Self.at))
                }
                await onePoll()
                #expect(flags.isEnabled(name, user: inside) == false)
                #expect(flags.isEnabled(name, user: outside) == false)
                try await writer.writePremium { try await $0.upsertFeatureFlag(FeatureFlag(name: name, rollout: 100, updatedAt: Self.at)) }
                await onePoll()
                #expect(flags.isEnabled(name, user: outside))
                group.cancelAll()
            }
        }
    }

    /// A poll that finds the marker unmoved reads nothing more; every flag write moves it.
    @Test(arguments: PremiumTestDatabase.available)
    func everyFlagWriteRaisesTheMarkerAndAnUnchangedMarkerReloadsNothing(_ database: PremiumTestDatabase) async throws {
        try await database.withTwoStores { writer, reader in
            let flags = FeatureFlags()
            #expect(try await flags.refresh(from: reader))
            #expect(try await flags.refresh(from: reader) == false)
            let before = try await reader.readPremium { try await $0.flagsVersion() }
            try await writer.writePremium { tx in
                try await tx.upsertFeatureFlag(FeatureFlag(name: "a", rollout: 10, updatedAt: Self.at))
                try await tx.upsertFeatureFlag(FeatureFlag(name: "b", rollout: 20, updatedAt: Self.at))
            }
            try await writer.writePremium { try await $0.setFlagsKilled(true, at: Self.at) }
            #expect(try await reader.readPremium { try await $0.flagsVersion() } == before + 3)
            #expect(try await flags.refresh(from: reader))
            #expect(flags.snapshot.flags.keys.sorted() == ["a", "b"])
            #expect(flags.snapshot.allKilled)
            #expect(try await flags.refresh(from: reader) == false)
            // A write that fails leaves the marker where it was.
            await #expect(throws: StoreError.self) {
                try await writer.writePremium { try await $0.upsertFeatureFlag(FeatureFlag(name: "c", rollout: 101, updatedAt: Self.at)) }
            }
            #expect(try await reader.readPremium { try await $0.flagsVersion() } == before + 3)
        }
    }
}
