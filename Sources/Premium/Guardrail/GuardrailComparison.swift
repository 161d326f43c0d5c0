import Foundation

/// One flag's guardrail check: the exposed group (members in the rollout's buckets) against the
/// rest, and what the check did.
public struct GuardrailComparison: Sendable, Hashable, CustomStringConvertible {
    public struct Group: Sendable, Hashable {
        public var users: Int
        public var successes: Int
        public var rate: Double { users == 0 ? 0 : Double(successes) / Double(users) }
    }

    public enum Verdict: Sendable, Hashable {
        /// The drop exceeded the threshold: the flag is now at 0%.
        case rolledBack
        case kept
        /// Too few members to judge; nothing changed.
        case tooFewUsers
        /// The flag names a metric this binary does not know; nothing changed.
        case unknownMetric
    }

    public var flag: String
    public var metric: String
    public var rollout: Int
    public var exposed: Group
    public var rest: Group
    public var threshold: Double
    public var verdict: Verdict

    /// How far the exposed group's rate is below the rest's, relative (0.25: 25% lower); negative
    /// when it is higher; nil when the rest's rate is 0.
    public var drop: Double? { rest.rate == 0 ? nil : (rest.rate - exposed.rate) / rest.rate }

    public var description: String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        let verdictText = switch verdict {
        case .rolledBack: "ROLLED BACK to 0%"
        case .kept: "kept"
        case .tooFewUsers: "kept (too few members to judge)"
        case .unknownMetric: "kept (unknown metric)"
        }
        return "\(flag) (\(metric), rollout \(rollout)%): exposed \(exposed.successes)/\(exposed.users) = \(percent(exposed.rate)), "
            + "rest \(rest.successes)/\(rest.users) = \(percent(rest.rate)), drop \(drop.map(percent) ?? "n/a") "
            + "(threshold \(percent(threshold))): \(verdictText)"
    }
}
