import Storage

/// Deterministic percentage rollouts, compatible with Unleash's `normalizedValue`: MurmurHash3
/// (x86, 32-bit, seed 0) of `"<flag>:<userId>"` as an unsigned number, `% 100 + 1`. A user is in a
/// rollout of N percent when their value is at most N, so raising the rollout only adds users and
/// the same user lands in the same bucket in every process.
public enum FlagBucketing {
    /// The user's bucket for the flag, 1...normalizer.
    public static func normalizedValue(_ userID: String, group: String, normalizer: UInt32 = 100, seed: UInt32 = 0) -> Int {
        Int(murmur3x86_32(Array("\(group):\(userID)".utf8), seed: seed) % normalizer) + 1
    }

    /// Whether the flag is on for the user: off when the flag is unknown, killed, or every flag is
    /// killed by the global switch.
    public static func isEnabled(_ flag: FeatureFlag?, user: MemberID, allFlagsKilled: Bool) -> Bool {
        guard let flag, !allFlagsKilled, !flag.killed else { return false }
        return normalizedValue(String(user.rawValue), group: flag.name) <= flag.rollout
    }

    /// MurmurHash3's x86 32-bit variant (Austin Appleby's reference, little-endian blocks).
    public static func murmur3x86_32(_ bytes: [UInt8], seed: UInt32) -> UInt32 {
        let c1: UInt32 = 0xcc9e_2d51
        let c2: UInt32 = 0x1b87_3593
        func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { (x << r) | (x >> (32 - r)) }
        var h = seed
        let blocks = bytes.count / 4
        for block in 0..<blocks {
            let i = block * 4
            var k = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            k &*= c1
            k = rotl(k, 15)
            k &*= c2
            h ^= k
            h = rotl(h, 13)
            h = h &* 5 &+ 0xe654_6b64
        }
        let tail = blocks * 4
        var k1: UInt32 = 0
        let remaining = bytes.count & 3
        if remaining >= 3 { k1 ^= UInt32(bytes[tail + 2]) << 16 }
        if remaining >= 2 { k1 ^= UInt32(bytes[tail + 1]) << 8 }
        if remaining >= 1 {
            k1 ^= UInt32(bytes[tail])
            k1 &*= c1
            k1 = rotl(k1, 15)
            k1 &*= c2
            h ^= k1
        }
        h ^= UInt32(truncatingIfNeeded: bytes.count)
        h ^= h >> 16
        h &*= 0x85eb_ca6b
        h ^= h >> 13
        h &*= 0xc2b2_ae35
        h ^= h >> 16
        return h
    }
}
