import OwnerAlerts
import Testing

@Suite("Alert rules and retry policy")
struct AlertRulesTests {
    /// 28 days alternating 100 and 120: mean 110, σ 10, so the bound is 80.
    static let steady = (0..<28).map { $0.isMultiple(of: 2) ? 100 : 120 }

    @Test func lowActivityFiresBelowMeanMinusThreeSigma() throws {
        let fired = try #require(AlertRules.lowActivity(today: 79, previousDays: Self.steady))
        #expect(fired.mean == 110 && fired.standardDeviation == 10 && fired.bound == 80)
        #expect(AlertRules.lowActivity(today: 80, previousDays: Self.steady) == nil, "at the bound is not below it")
        #expect(AlertRules.lowActivity(today: 105, previousDays: Self.steady) == nil)
    }

    @Test func lowActivityUsesOnlyThePrevious28Days() {
        // An old quiet stretch beyond the window does not widen σ.
        let history = Array(repeating: 0, count: 30) + Self.steady
        #expect(AlertRules.lowActivity(today: 79, previousDays: history) != nil)
    }

    @Test func lowActivityNeedsHistoryAndAPositiveBound() {
        #expect(AlertRules.lowActivity(today: 0, previousDays: Array(Self.steady.prefix(13))) == nil)
        #expect(AlertRules.lowActivity(today: 0, previousDays: Array(Self.steady.prefix(14))) != nil)
        // A tiny, erratic guild: mean − 3σ ≤ 0, so nothing is "abnormally low".
        #expect(AlertRules.lowActivity(today: 0, previousDays: (0..<28).map { $0 % 3 }) == nil)
    }

    @Test func thresholds() {
        #expect(AlertRules.paymentFailures(count: 4, threshold: 3))
        #expect(!AlertRules.paymentFailures(count: 3, threshold: 3))
        #expect(AlertRules.aiCost(microdollars: 5_000_001, budget: 5_000_000))
        #expect(!AlertRules.aiCost(microdollars: 5_000_000, budget: 5_000_000))
        #expect(!AlertRules.aiCost(microdollars: .max, budget: nil))
    }

    @Test func backoffDoublesUpToTheCapAndStops() {
        let policy = AlertRetryPolicy(maximumAttempts: 6, firstDelay: .seconds(30), maximumDelay: .seconds(200))
        #expect((1...6).map { policy.delay(afterFailedAttempts: $0) } == [
            .seconds(30), .seconds(60), .seconds(120), .seconds(200), .seconds(200), nil,
        ])
        #expect(AlertRetryPolicy(maximumAttempts: 1).delay(afterFailedAttempts: 1) == nil)
    }
}
