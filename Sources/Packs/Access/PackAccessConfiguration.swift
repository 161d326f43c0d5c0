import Foundation

/// Pack access's knobs, from `Assets/pack-access.json` (its own file: the packs area does not
/// depend on the economy module that reads `economy.json`). Every field is optional; a missing one
/// takes the default below. A bad value is refused naming the file and the field.
public struct PackAccessConfiguration: Sendable, Hashable {
    /// What Pro members save on a subscription, in percent of the price (rounded down, so the
    /// member pays the price minus the discount, never less than 1 point).
    public var proDiscountPercent: Int
    /// The lowest and highest price a creator may set per 30 days.
    public var minimumPrice: Int64
    public var maximumPrice: Int64
    /// Renewals the sweep handles per run (the rest wait for the next run).
    public var renewalBatch: Int

    public init(proDiscountPercent: Int = 20, minimumPrice: Int64 = 10, maximumPrice: Int64 = 100_000, renewalBatch: Int = 200) {
        self.proDiscountPercent = proDiscountPercent
        self.minimumPrice = minimumPrice
        self.maximumPrice = maximumPrice
        self.renewalBatch = renewalBatch
    }

    /// What `player` pays for a pack priced `points`: the Pro discount when `pro`.
    public func price(_ points: Int64, pro: Bool) -> Int64 {
        guard pro, proDiscountPercent > 0 else { return points }
        return max(1, points - points * Int64(proDiscountPercent) / 100)
    }

    private struct Wire: Decodable {
        var proDiscountPercent: Int?
        var minimumPrice: Int64?
        var maximumPrice: Int64?
        var renewalBatch: Int?
    }

    /// Parses and checks the file's JSON; `file` names it in errors.
    public static func parse(_ data: Data, file: String = "pack-access.json") throws(PackAccessConfigurationError) -> PackAccessConfiguration {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: data)
        } catch {
            throw PackAccessConfigurationError(file: file, field: nil, problem: "is not a JSON object of the expected fields (\(error))")
        }
        var configuration = PackAccessConfiguration()
        if let value = wire.proDiscountPercent {
            guard (0...100).contains(value) else {
                throw PackAccessConfigurationError(file: file, field: "proDiscountPercent", problem: "must be 0 to 100, not \(value)")
            }
            configuration.proDiscountPercent = value
        }
        if let value = wire.minimumPrice {
            guard value >= 1 else { throw PackAccessConfigurationError(file: file, field: "minimumPrice", problem: "must be at least 1, not \(value)") }
            configuration.minimumPrice = value
        }
        if let value = wire.maximumPrice {
            guard value >= configuration.minimumPrice, value <= 1 << 40 else {
                throw PackAccessConfigurationError(
                    file: file, field: "maximumPrice", problem: "must be between minimumPrice (\(configuration.minimumPrice)) and 2^40, not \(value)")
            }
            configuration.maximumPrice = value
        }
        guard configuration.minimumPrice <= configuration.maximumPrice else {
            throw PackAccessConfigurationError(
                file: file, field: "minimumPrice", problem: "is above maximumPrice (\(configuration.maximumPrice))")
        }
        if let value = wire.renewalBatch {
            guard (1...10_000).contains(value) else {
                throw PackAccessConfigurationError(file: file, field: "renewalBatch", problem: "must be 1 to 10000, not \(value)")
            }
            configuration.renewalBatch = value
        }
        return configuration
    }

    /// Reads `url`; a missing file gives the defaults.
    public static func load(from url: URL) throws(PackAccessConfigurationError) -> PackAccessConfiguration {
        guard FileManager.default.fileExists(atPath: url.path) else { return PackAccessConfiguration() }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PackAccessConfigurationError(file: url.path, field: nil, problem: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(data, file: url.path)
    }
}

/// A refused pack access configuration, naming the file and the field.
public struct PackAccessConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var field: String?
    public var problem: String

    public init(file: String, field: String?, problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(file): \(field.map { "\($0) " } ?? "")\(problem)" }
}
