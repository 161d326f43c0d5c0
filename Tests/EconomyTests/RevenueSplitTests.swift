import Clocks
import Economy
import Storage
import Testing

/// The allocation's arithmetic to the cent, on seeded random engagement.
@Suite("Revenue split")
struct RevenueSplitTests {
    @Test(arguments: [UInt64(1), 2, 3, 42, 1_000, 65_537])
    func sharesSumToThePoolAndCreditsAreShareMinusFlooredFee(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for _ in 0..<200 {
            let pool = Int64.random(in: 0...5_000_000, using: &random)
            let feeBasisPoints = Int64.random(in: 0...10_000, using: &random)
            let creators = Int.random(in: 1...40, using: &random)
            var engagement: [MemberID: Int64] = [:]
            for index in 0..<creators {
                engagement[MemberID(UInt64(1_000 + index))] = Int64.random(in: 0...50_000, using: &random)
            }
            let lines = RevenueSplit.split(pool: pool, engagement: engagement, feeBasisPoints: feeBasisPoints)
            let total = engagement.values.reduce(0, +)
            if pool == 0 || total == 0 {
                #expect(lines.isEmpty)
                continue
            }
            // Every engaged creator has a line, in id order, and the shares are the whole pool.
            #expect(lines.map(\.creator) == engagement.filter { $0.value > 0 }.keys.map(\.rawValue).sorted())
            #expect(lines.reduce(0) { $0 + $1.share } == pool)
            for line in lines {
                // Each share is its exact pro-rata value rounded down or up by at most one cent.
                let exact = Double(pool) * Double(line.engagement) / Double(total)
                #expect(Double(line.share) >= exact.rounded(.down) - 1e-6 && Double(line.share) <= exact.rounded(.down) + 1)
                #expect(line.fee == line.share * feeBasisPoints / 10_000)
                #expect(line.fee * 10_000 <= line.share * feeBasisPoints)
                #expect(line.credit == line.share - line.fee)
                #expect(line.credit >= 0 && line.fee >= 0)
            }
        }
    }

    @Test func leftoverCentsGoToTheLargestRemaindersThenTheSmallerID() {
        // 100 cents over three equal creators: 33.33 each; the one cent left goes to the smallest id.
        let equal = RevenueSplit.split(
            pool: 100, engagement: [MemberID(9): 1, MemberID(3): 1, MemberID(5): 1], feeBasisPoints: 1_500)
        #expect(equal.map(\.creator) == [3, 5, 9])
        #expect(equal.map(\.share) == [34, 33, 33])
        #expect(equal.map(\.fee) == [5, 4, 4])
        #expect(equal.map(\.credit) == [29, 29, 29])
        // 10 cents at 1:2:3 (1.67, 3.33, 5.00): remainders .67, .33, 0 give the cent to the first.
        let weighted = RevenueSplit.split(pool: 10, engagement: [MemberID(1): 1, MemberID(2): 2, MemberID(3): 3], feeBasisPoints: 0)
        #expect(weighted.map(\.share) == [2, 3, 5])
    }

    @Test func poolAndFeeRoundDown() {
        #expect(RevenueSplit.pool(net: 3_333, basisPoints: 3_000) == 999)
        #expect(RevenueSplit.pool(net: -50, basisPoints: 3_000) == 0)
        #expect(RevenueSplit.fee(share: 749, basisPoints: 1_500) == 112)
        #expect(RevenueSplit.fee(share: 6, basisPoints: 1_500) == 0)
        // Products beyond 64 bits still divide exactly.
        #expect(RevenueSplit.pool(net: Int64.max, basisPoints: 10_000) == Int64.max)
        let huge = RevenueSplit.split(pool: Int64.max / 2, engagement: [MemberID(1): Int64.max / 4, MemberID(2): Int64.max / 4], feeBasisPoints: 1_500)
        #expect(huge.reduce(0) { $0 + $1.share } == Int64.max / 2)
    }
}
