/// When the guardrail rolls a flag back. Defaults: a drop of more than 20% (relative) over the
/// last 28 days, judged only when each group has at least 100 members in the cohort and the rest
/// of the members succeeded at least 10 times, so a handful of members cannot roll a flag back
/// by chance (at 100 members and a 10% base rate, a 20% relative drop is two members).
public struct GuardrailConfiguration: Sendable, Hashable {
    /// The relative drop (0.2: the exposed group's rate is more than 20% below the rest's) that
    /// rolls a flag back.
    public var threshold: Double
    /// A per-flag threshold, over `threshold`.
    public var thresholds: [String: Double]
    /// How far back the cohorts reach.
    public var window: Duration
    /// The fewest cohort members each group (exposed, rest) needs before the check judges.
    public var minimumUsersPerGroup: Int
    /// The fewest successes the rest needs: a base rate of nearly nothing says nothing.
    public var minimumSuccessesInRest: Int

    public init(
        threshold: Double = 0.2, thresholds: [String: Double] = [:], window: Duration = .seconds(28 * 86_400),
        minimumUsersPerGroup: Int = 100, minimumSuccessesInRest: Int = 10
    ) {
        self.threshold = threshold
        self.thresholds = thresholds
        self.window = window
        self.minimumUsersPerGroup = minimumUsersPerGroup
        self.minimumSuccessesInRest = minimumSuccessesInRest
    }

    public func threshold(for flag: String) -> Double { thresholds[flag] ?? threshold }

    /// Refuses a threshold outside (0, 1) or a sample minimum below 1, naming it.
    public func validate() throws {
        let all = [("default", threshold)] + thresholds.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) }
        for (name, value) in all where !(value > 0 && value < 1) {
            throw GuardrailError.invalidConfiguration("guardrail threshold for \(name) must be between 0 and 1 (0.2 is 20%), not \(value)")
        }
        guard minimumUsersPerGroup >= 1 else {
            throw GuardrailError.invalidConfiguration("the guardrail's minimum users per group must be at least 1, not \(minimumUsersPerGroup)")
        }
        guard minimumSuccessesInRest >= 1 else {
            throw GuardrailError.invalidConfiguration("the guardrail's minimum successes in the rest must be at least 1, not \(minimumSuccessesInRest)")
        }
        guard window > .zero else { throw GuardrailError.invalidConfiguration("guardrail window must be positive") }
    }
}

public enum GuardrailError: Error, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): message
        }
    }
}
