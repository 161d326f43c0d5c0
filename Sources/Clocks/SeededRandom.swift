/// A small, fast, reproducible generator (SplitMix64). Tests and benchmarks seed it so every run
/// rolls the same characters; production uses `SystemRandomNumberGenerator`.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random source that can be shared across tasks: production wraps the system generator,
/// tests wrap a seeded one.
public protocol RandomSource: Sendable {
    /// A uniformly distributed value in `0..<upperBound`.
    func next(below upperBound: UInt64) -> UInt64
    /// A uniformly distributed value in `0..<1`.
    func unit() -> Double
}

extension RandomSource {
    public func unit() -> Double {
        Double(next(below: 1 << 53)) / Double(UInt64(1) << 53)
    }
}

public struct SystemRandomSource: RandomSource {
    public init() {}
    public func next(below upperBound: UInt64) -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return UInt64.random(in: 0..<upperBound, using: &generator)
    }
}

import Synchronization

/// A seeded source behind a lock, so concurrent callers still draw one reproducible sequence.
public final class SeededRandomSource: RandomSource {
    private let generator: Mutex<SeededRandom>
    public init(seed: UInt64) { generator = Mutex(SeededRandom(seed: seed)) }
    public func next(below upperBound: UInt64) -> UInt64 {
        generator.withLock { UInt64.random(in: 0..<upperBound, using: &$0) }
    }
}
