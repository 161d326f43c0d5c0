import Foundation
import Storage

/// Tiers and their limits, read from a JSON file (documented in the README, "Premium: tiers and
/// limits"): which meters exist, how long each one's period is, what a member can do for free
/// once a limit is reached, and each tier's limit per meter (absent: unlimited).
public struct UsageLimits: Sendable, Hashable {
    public struct Meter: Sendable, Hashable {
        public var name: String
        public var period: UsagePeriod
        /// `user`: one count per Discord user; `guild`: one per server.
        public var scope: Scope
        /// What the member can do instead, shown at the limit (for example "/daily" or points).
        public var freeAlternative: String?
    }

    public enum Scope: String, Sendable, Hashable, Codable { case user, guild }

    public var meters: [String: Meter]
    /// Limits per tier and meter. A meter missing from a tier is unlimited in it.
    public var limits: [PremiumTier: [String: Int64]]
    /// The share of a limit whose first crossing in a period shows a warning (default 0.8).
    public var warningFraction: Double

    public init(meters: [Meter], limits: [PremiumTier: [String: Int64]], warningFraction: Double = 0.8) {
        self.meters = Dictionary(meters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.limits = limits
        self.warningFraction = warningFraction
    }

    public func limit(_ meter: String, tier: PremiumTier) -> Int64? { limits[tier]?[meter] }

    /// The count at which the warning shows: the first count at or above the fraction, and below
    /// the limit itself (a limit of 1 has no warning).
    public func warningThreshold(limit: Int64) -> Int64? {
        let threshold = Int64((Double(limit) * warningFraction).rounded(.up))
        return threshold < limit && threshold > 0 ? threshold : nil
    }

    /// Reads and checks the file's JSON; every error names the key at fault.
    public static func decode(_ data: Data) throws -> UsageLimits {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw UsageLimitsError.invalid(path: (context.codingPath + [key]).map(\.stringValue).joined(separator: "."), reason: "is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw UsageLimitsError.invalid(path: context.codingPath.map(\.stringValue).joined(separator: "."), reason: "has the wrong type")
        } catch let DecodingError.dataCorrupted(context) {
            throw UsageLimitsError.invalid(path: context.codingPath.map(\.stringValue).joined(separator: "."), reason: context.debugDescription)
        }
        var meters: [Meter] = []
        for (name, meter) in file.meters.sorted(by: { $0.key < $1.key }) {
            guard let period = UsagePeriod(rawValue: meter.period) else {
                throw UsageLimitsError.invalid(path: "meters.\(name).period", reason: "must be hour, day, week or month, not \"\(meter.period)\"")
            }
            meters.append(Meter(name: name, period: period, scope: meter.scope ?? .user, freeAlternative: meter.freeAlternative))
        }
        var limits: [PremiumTier: [String: Int64]] = [:]
        for (tier, values) in file.tiers {
            for (meter, limit) in values {
                guard file.meters[meter] != nil else {
                    throw UsageLimitsError.invalid(path: "tiers.\(tier).\(meter)", reason: "names no meter in \"meters\"")
                }
                guard limit >= 0 else { throw UsageLimitsError.invalid(path: "tiers.\(tier).\(meter)", reason: "must be 0 or more") }
            }
            limits[PremiumTier(rawValue: tier)] = values
        }
        guard limits[.free] != nil else { throw UsageLimitsError.invalid(path: "tiers.free", reason: "is missing") }
        let fraction = file.warningFraction ?? 0.8
        guard fraction > 0, fraction < 1 else { throw UsageLimitsError.invalid(path: "warning_fraction", reason: "must be between 0 and 1") }
        return UsageLimits(meters: meters, limits: limits, warningFraction: fraction)
    }

    private struct File: Decodable {
        struct MeterFile: Decodable {
            var period: String
            var scope: Scope?
            var freeAlternative: String?
            enum CodingKeys: String, CodingKey {
                case period, scope
                case freeAlternative = "free_alternative"
            }
        }
        var meters: [String: MeterFile]
        var tiers: [String: [String: Int64]]
        var warningFraction: Double?
        enum CodingKeys: String, CodingKey {
            case meters, tiers
            case warningFraction = "warning_fraction"
        }
    }
}

public enum UsageLimitsError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(path: String, reason: String)
    case unknownMeter(String)

    public var description: String {
        switch self {
        case .invalid(let path, let reason): "usage limits: \(path.isEmpty ? "the file" : path) \(reason)"
        case .unknownMeter(let name): "usage limits: no meter named \"\(name)\""
        }
    }
}

/// How long a meter counts before it starts again. Periods are aligned to UTC.
public enum UsagePeriod: String, Sendable, Hashable, Codable {
    case hour, day, week, month

    /// The start of the period holding `time`, and the start of the next one (when it resets).
    public func bounds(containing time: Timestamp) -> (start: Timestamp, reset: Timestamp) {
        let ms = time.millisecondsSinceEpoch
        func floor(_ unit: Int64) -> Int64 { let (q, r) = ms.quotientAndRemainder(dividingBy: unit); return (r < 0 ? q - 1 : q) * unit }
        switch self {
        case .hour:
            let start = floor(3_600_000)
            return (Timestamp(millisecondsSinceEpoch: start), Timestamp(millisecondsSinceEpoch: start + 3_600_000))
        case .day:
            let start = floor(86_400_000)
            return (Timestamp(millisecondsSinceEpoch: start), Timestamp(millisecondsSinceEpoch: start + 86_400_000))
        case .week:
            // The epoch was a Thursday: weeks start on Monday, 00:00 UTC.
            let monday = 4 * 86_400_000 as Int64
            let (q, r) = (ms - monday).quotientAndRemainder(dividingBy: 7 * 86_400_000)
            let start = (r < 0 ? q - 1 : q) * 7 * 86_400_000 + monday
            return (Timestamp(millisecondsSinceEpoch: start), Timestamp(millisecondsSinceEpoch: start + 7 * 86_400_000))
        case .month:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let start = calendar.dateInterval(of: .month, for: date) ?? DateInterval(start: date, duration: 0)
            return (
                Timestamp(millisecondsSinceEpoch: Int64((start.start.timeIntervalSince1970 * 1000).rounded())),
                Timestamp(millisecondsSinceEpoch: Int64((start.end.timeIntervalSince1970 * 1000).rounded()))
            )
        }
    }
}
