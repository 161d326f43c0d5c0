import Foundation

/// The guardrail's settings as an operator writes them (`GACHABOT_GUARDRAIL_FILE` for the daily
/// check inside `gachabot run`, `gachabot flags check --config FILE` by hand). Every key is
/// optional and falls back to `GuardrailConfiguration`'s default; an unknown key is refused by
/// name, so a typo cannot silently leave a default in force.
///
///     { "threshold": 0.2, "flag_thresholds": { "talk": 0.1 }, "window_days": 28,
///       "min_users_per_group": 100, "min_successes_in_rest": 10 }
extension GuardrailConfiguration {
    static let fileKeys: Set<String> = ["threshold", "flag_thresholds", "window_days", "min_users_per_group", "min_successes_in_rest"]

    private struct File: Decodable {
        var threshold: Double?
        var flag_thresholds: [String: Double]?
        // Whole numbers, read as numbers so that 2.5 is refused by name (JSONDecoder's own
        // refusal of a fraction names no key).
        var window_days: Double?
        var min_users_per_group: Double?
        var min_successes_in_rest: Double?
    }

    /// Decodes and validates; every refusal names the key at fault.
    public static func decode(_ data: Data) throws -> GuardrailConfiguration {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw GuardrailError.invalidConfiguration("the guardrail file must hold one JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !fileKeys.contains($0) }) {
            throw GuardrailError.invalidConfiguration(
                "the guardrail file has an unknown key \"\(unknown)\" (known: \(fileKeys.sorted().joined(separator: ", ")))")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw GuardrailError.invalidConfiguration("the guardrail file does not decode: \(PriceExperimentConfiguration.describe(error))")
        }
        var configuration = GuardrailConfiguration()
        if let threshold = file.threshold { configuration.threshold = threshold }
        if let thresholds = file.flag_thresholds { configuration.thresholds = thresholds }
        if let days = try file.window_days.map({ try whole($0, key: "window_days") }) {
            guard (1...3_650).contains(days) else { throw GuardrailError.invalidConfiguration("window_days must be 1-3650, not \(days)") }
            configuration.window = .seconds(Int64(days) * 86_400)
        }
        if let users = file.min_users_per_group { configuration.minimumUsersPerGroup = try whole(users, key: "min_users_per_group") }
        if let successes = file.min_successes_in_rest {
            configuration.minimumSuccessesInRest = try whole(successes, key: "min_successes_in_rest")
        }
        try configuration.validate()
        return configuration
    }

    private static func whole(_ value: Double, key: String) throws -> Int {
        guard value.rounded() == value, abs(value) < 1e9 else {
            throw GuardrailError.invalidConfiguration("\(key) must be a whole number, not \(value)")
        }
        return Int(value)
    }

    /// Reads and decodes the file at `path`; `source` (the option or variable naming it) leads
    /// every refusal.
    public static func read(path: String, source: String) throws -> GuardrailConfiguration {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw GuardrailError.invalidConfiguration("\(source): cannot read \(path)")
        }
        do { return try decode(data) } catch let error as GuardrailError {
            throw GuardrailError.invalidConfiguration("\(source) \(path): \(error)")
        }
    }
}
