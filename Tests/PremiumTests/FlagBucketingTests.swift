import Premium
import Storage
import Testing

/// Rollout buckets match Unleash's `normalizedValue`, so a flag splits users as Unleash would.
@Suite struct FlagBucketingTests {
    /// The vectors the issue names (Unleash's own tests), and MurmurHash3's published ones.
    @Test func bucketsMatchUnleashAndMurmurHash3sReferenceVectors() {
        #expect(FlagBucketing.normalizedValue("123", group: "gr1") == 73)
        #expect(FlagBucketing.normalizedValue("999", group: "groupX") == 25)
        #expect(FlagBucketing.murmur3x86_32([], seed: 0) == 0)
        #expect(FlagBucketing.murmur3x86_32([], seed: 1) == 0x514E_28B7)
        #expect(FlagBucketing.murmur3x86_32(Array("hello".utf8), seed: 0) == 0x248B_FA47)
        #expect(FlagBucketing.murmur3x86_32(Array("The quick brown fox jumps over the lazy dog".utf8), seed: 0) == 0x2E4F_F723)
    }

    @Test func aRolloutTakesItsShareAndKillsWin() {
        let at = Timestamp(millisecondsSinceEpoch: 0)
        let users = (1...10_000).map { MemberID(UInt64($0)) }
        func share(_ flag: FeatureFlag?, killed: Bool = false) -> Int {
            users.filter { FlagBucketing.isEnabled(flag, user: $0, allFlagsKilled: killed) }.count
        }
        let quarter = FeatureFlag(name: "talk", rollout: 25, updatedAt: at)
        #expect((2_300...2_700).contains(share(quarter)))
        // Raising the rollout keeps everyone who had it.
        let half = FeatureFlag(name: "talk", rollout: 50, updatedAt: at)
        #expect(users.allSatisfy { !FlagBucketing.isEnabled(quarter, user: $0, allFlagsKilled: false) || FlagBucketing.isEnabled(half, user: $0, allFlagsKilled: false) })
        #expect(share(FeatureFlag(name: "talk", rollout: 0, updatedAt: at)) == 0)
        #expect(share(FeatureFlag(name: "talk", rollout: 100, updatedAt: at)) == users.count)
        #expect(share(FeatureFlag(name: "talk", rollout: 100, killed: true, updatedAt: at)) == 0)
        #expect(share(FeatureFlag(name: "talk", rollout: 100, updatedAt: at), killed: true) == 0)
        #expect(share(nil) == 0)
    }
}
