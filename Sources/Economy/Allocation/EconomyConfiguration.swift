import Foundation

/// The economy's knobs, from `Assets/economy.json`. Shares and fees are basis points (1/100 of a
/// percent) so every rate is an exact integer; amounts are in the currency's minor unit.
public struct EconomyConfiguration: Sendable, Equatable {
    /// The share of a month's net Pro revenue that forms the creator pool (default 30%).
    public var creatorPoolBasisPoints: Int64 = 3000
    /// The platform fee on each creator's share, rounded down (default 15%).
    public var platformFeeBasisPoints: Int64 = 1500
    /// Engagement units for a member drawing from a pack on a day (one `pack_draws` row).
    public var rollWeight: Int64 = 1
    /// Engagement units per talk turn (a member's own message) with a pack character; 0 leaves
    /// talk out of the engagement.
    public var talkTurnWeight: Int64 = 0
    /// The most engagement units one member contributes on one UTC day, across all packs.
    public var dailyEngagementCap: Int64 = 10
    /// Members whose Discord account is younger than this on the day of the draw do not count.
    public var minimumAccountAgeDays: Int64 = 30
    /// The smallest payout, per currency, in the minor unit (default $100.00).
    public var payoutMinimum: Int64 = 10_000
    /// Days a credit waits before it can be paid out (covers refunds; default 30).
    public var payoutHoldDays: Int64 = 30
    /// What `/creator apply` asks before queueing a creator (the `verification` object).
    public var verification = VerificationCriteria()
    /// Days after redeeming a referral code in which the member's first Pro payment converts.
    public var referralWindowDays: Int64 = 30
    /// The commission on a converted member's payment, before the platform fee (default 20%).
    public var referralCommissionBasisPoints: Int64 = 2000
    /// How many of the converted member's paid invoices earn a commission (1: the first payment).
    public var referralCommissionMonths: Int64 = 1

    public init() {}

    /// Reads the file; a missing or malformed file, an unknown key or a value out of range is an
    /// error naming the file and the key.
    public static func load(path: String) throws -> EconomyConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EconomyConfigurationError(file: path, key: nil, problem: "cannot be read")
        }
        return try parse(data, file: path)
    }

    static let ranges: [String: ClosedRange<Int64>] = [
        "creatorPoolBasisPoints": 0...10_000, "platformFeeBasisPoints": 0...10_000, "dailyEngagementCap": 1...1_000_000,
        "minimumAccountAgeDays": 0...3650, "payoutMinimum": 1...1_000_000_000, "payoutHoldDays": 0...365,
        "referralWindowDays": 1...365, "referralCommissionBasisPoints": 0...10_000, "referralCommissionMonths": 1...120,
    ]
    static let weightRange: ClosedRange<Int64> = 0...1000

    public static func parse(_ data: Data, file: String = "economy.json") throws -> EconomyConfiguration {
        let root: [String: ConfigValue]
        do {
            root = try JSONDecoder().decode([String: ConfigValue].self, from: data)
        } catch {
            throw EconomyConfigurationError(file: file, key: nil, problem: "must be a JSON object of numbers (see docs/economy.md)")
        }
        var configuration = EconomyConfiguration()
        for key in root.keys.sorted() {
            let value = root[key]!
            if key == "weights" {
                guard case .object(let weights) = value else {
                    throw EconomyConfigurationError(file: file, key: key, problem: "must be an object such as {\"roll\": 1, \"talkTurn\": 0}")
                }
                for name in weights.keys.sorted() {
                    let path = "weights.\(name)"
                    let weight = try integer(weights[name]!, key: path, range: weightRange, file: file)
                    switch name {
                    case "roll": configuration.rollWeight = weight
                    case "talkTurn": configuration.talkTurnWeight = weight
                    default: throw EconomyConfigurationError(file: file, key: path, problem: "is not a known weight (roll, talkTurn)")
                    }
                }
                continue
            }
            if key == "verification" {
                configuration.verification = try verification(value, file: file)
                continue
            }
            guard let range = ranges[key] else {
                let known = (ranges.keys.sorted() + ["verification", "weights"]).joined(separator: ", ")
                throw EconomyConfigurationError(file: file, key: key, problem: "is not a known key (\(known))")
            }
            let number = try integer(value, key: key, range: range, file: file)
            switch key {
            case "creatorPoolBasisPoints": configuration.creatorPoolBasisPoints = number
            case "platformFeeBasisPoints": configuration.platformFeeBasisPoints = number
            case "dailyEngagementCap": configuration.dailyEngagementCap = number
            case "minimumAccountAgeDays": configuration.minimumAccountAgeDays = number
            case "payoutMinimum": configuration.payoutMinimum = number
            case "payoutHoldDays": configuration.payoutHoldDays = number
            case "referralWindowDays": configuration.referralWindowDays = number
            case "referralCommissionBasisPoints": configuration.referralCommissionBasisPoints = number
            default: configuration.referralCommissionMonths = number
            }
        }
        return configuration
    }

    static let verificationRanges: [String: ClosedRange<Int64>] = [
        "minimumPublishedPacks": 0...1000, "minimumMeanRatingTenths": 10...50, "minimumDistinctRaters": 0...1_000_000,
        "upheldReportWindowDays": 0...3650,
    ]

    /// `{"minimumPublishedPacks": 2, "minimumMeanRatingTenths": 40, "minimumDistinctRaters": 20,
    /// "upheldReportWindowDays": 90}`; the mean in tenths of a star, so every value is a whole number.
    static func verification(_ value: ConfigValue, file: String) throws -> VerificationCriteria {
        guard case .object(let fields) = value else {
            throw EconomyConfigurationError(file: file, key: "verification", problem: "must be an object such as {\"minimumPublishedPacks\": 2}")
        }
        var criteria = VerificationCriteria()
        for name in fields.keys.sorted() {
            let path = "verification.\(name)"
            guard let range = verificationRanges[name] else {
                throw EconomyConfigurationError(
                    file: file, key: path, problem: "is not a known criterion (\(verificationRanges.keys.sorted().joined(separator: ", ")))")
            }
            let number = try integer(fields[name]!, key: path, range: range, file: file)
            switch name {
            case "minimumPublishedPacks": criteria.minimumPublishedPacks = Int(number)
            case "minimumMeanRatingTenths": criteria.minimumMeanRating = Double(number) / 10
            case "minimumDistinctRaters": criteria.minimumDistinctRaters = Int(number)
            default: criteria.upheldReportWindowDays = number
            }
        }
        return criteria
    }

    static func integer(_ value: ConfigValue, key: String, range: ClosedRange<Int64>, file: String) throws -> Int64 {
        guard case .integer(let number) = value, range.contains(number) else {
            throw EconomyConfigurationError(
                file: file, key: key, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(value)")
        }
        return number
    }
}

/// A JSON value as the configuration reads it: booleans and fractions are kept apart from whole
/// numbers, so `true` or `12.5` is refused by name instead of read as 1 or 12.
enum ConfigValue: Decodable, CustomStringConvertible {
    case integer(Int64)
    case other(String)
    case object([String: ConfigValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .other(String(flag))
        } else if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else if let number = try? container.decode(Double.self) {
            self = .other(String(number))
        } else if let text = try? container.decode(String.self) {
            self = .other("\"\(text.prefix(40))\"")
        } else if let object = try? container.decode([String: ConfigValue].self) {
            self = .object(object)
        } else {
            self = .other(container.decodeNil() ? "null" : "a list")
        }
    }

    var description: String {
        switch self {
        case .integer(let number): String(number)
        case .other(let text): text
        case .object: "an object"
        }
    }
}

/// A configuration file that cannot be used, naming the key at fault.
public struct EconomyConfigurationError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var key: String?
    public var problem: String

    public var description: String {
        if let key { return "\(file): \(key) \(problem)" }
        return "\(file) \(problem)"
    }
}
