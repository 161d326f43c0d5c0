import Storage

/// The allocation's arithmetic, to the cent (docs/economy.md, "Formula"):
///
///     pool     = floor(net × poolBasisPoints / 10000)        (0 when net ≤ 0)
///     share_i  = floor(pool × e_i / E), then the cents left over (fewer than the number of
///                creators) go one each to the largest remainders (pool × e_i mod E), ties to the
///                smaller creator id: the shares sum to the pool exactly (largest remainder)
///     fee_i    = floor(share_i × feeBasisPoints / 10000)
///     credit_i = share_i − fee_i
///
/// With no engagement (E = 0) nothing is shared and the whole pool stays with the platform.
/// Products are taken at double width, so no amount overflows.
public enum RevenueSplit {
    public struct Line: Sendable, Equatable, Codable {
        public var creator: UInt64
        /// Thousandths of an engagement unit.
        public var engagement: Int64
        public var share: Int64
        public var fee: Int64
        public var credit: Int64
    }

    public static func pool(net: Int64, basisPoints: Int64) -> Int64 {
        net > 0 ? mulDiv(net, basisPoints, 10_000) : 0
    }

    public static func fee(share: Int64, basisPoints: Int64) -> Int64 {
        mulDiv(share, basisPoints, 10_000)
    }

    /// Lines by creator id, one per creator with engagement > 0.
    public static func split(pool: Int64, engagement: [MemberID: Int64], feeBasisPoints: Int64) -> [Line] {
        let creators = engagement.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        let total = creators.reduce(Int64(0)) { $0 + $1.value }
        guard pool > 0, total > 0 else { return [] }
        var shares: [(creator: MemberID, engagement: Int64, share: Int64, remainder: Int64)] = creators.map { creator, e in
            let (high, low) = pool.multipliedFullWidth(by: e)
            let (quotient, remainder) = total.dividingFullWidth((high, low))
            return (creator, e, quotient, remainder)
        }
        var leftover = pool - shares.reduce(0) { $0 + $1.share }
        // Stable order: largest remainder first, then the smaller creator id.
        let order = shares.indices.sorted {
            shares[$0].remainder != shares[$1].remainder ? shares[$0].remainder > shares[$1].remainder : $0 < $1
        }
        for index in order where leftover > 0 {
            shares[index].share += 1
            leftover -= 1
        }
        return shares.map { s in
            let fee = Self.fee(share: s.share, basisPoints: feeBasisPoints)
            return Line(creator: s.creator.rawValue, engagement: s.engagement, share: s.share, fee: fee, credit: s.share - fee)
        }
    }

    /// floor(a × b / c) for a, b ≥ 0 and c > 0, at double width.
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return c.dividingFullWidth((high, low)).quotient
    }
}
