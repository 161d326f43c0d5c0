/// Percentiles of a set of samples, from a sorted copy (nearest-rank), in the samples' unit.
struct Percentiles: Sendable {
    let sorted: [Double]

    init(_ samples: [Double]) { sorted = samples.sorted() }

    var count: Int { sorted.count }

    /// Nearest-rank percentile: the smallest sample with at least `p`% of the samples at or below it.
    func value(at p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    var p50: Double { value(at: 50) }
    var p99: Double { value(at: 99) }
    var max: Double { sorted.last ?? .nan }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }
    var seconds: Double { milliseconds / 1_000 }
}
