import Foundation

/// Prices per model, from configuration (`Assets/model-prices.json`, documented in docs/talk.md):
///
/// ```json
/// { "default": { "prompt_micros_per_million": 150000, "completion_micros_per_million": 600000 },
///   "models": { "gpt-4o-mini": { "prompt_micros_per_million": 150000, "completion_micros_per_million": 600000 } } }
/// ```
///
/// A model the table does not list costs the `default` entry's price, so a call is never free by
/// accident. Model names match exactly, then without regard to case.
public struct ModelPriceTable: Sendable, Hashable {
    public var defaultPrice: ModelPrice
    public var models: [String: ModelPrice]

    public init(defaultPrice: ModelPrice, models: [String: ModelPrice] = [:]) {
        self.defaultPrice = defaultPrice
        self.models = models
    }

    public func price(for model: String) -> ModelPrice {
        if let price = models[model] { return price }
        let lowered = model.lowercased()
        return models.first { $0.key.lowercased() == lowered }?.value ?? defaultPrice
    }

    /// The cost of one call in micro-dollars (rounded up per call; see `ModelPrice.costMicros`).
    public func costMicros(model: String, promptTokens: Int64, completionTokens: Int64) -> Int64 {
        price(for: model).costMicros(promptTokens: max(0, promptTokens), completionTokens: max(0, completionTokens))
    }

    public func costMicros(model: String, usage: ChatUsage) -> Int64 {
        costMicros(model: model, promptTokens: Int64(usage.promptTokens), completionTokens: Int64(usage.completionTokens))
    }

    public static func load(from url: URL) throws -> ModelPriceTable {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelPriceTableError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode(data)
    }

    /// Reads and checks the file's JSON; every error names the key at fault.
    public static func decode(_ data: Data) throws -> ModelPriceTable {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ModelPriceTableError.invalid(path: path(context.codingPath + [key]), reason: "is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ModelPriceTableError.invalid(path: path(context.codingPath), reason: "must be a whole number of micro-dollars")
        } catch {
            throw ModelPriceTableError.invalid(path: "", reason: "is not valid JSON")
        }
        func checked(_ entry: File.Entry, at prefix: String) throws -> ModelPrice {
            for (key, value) in [("prompt_micros_per_million", entry.prompt), ("completion_micros_per_million", entry.completion)]
            where value < 0 {
                throw ModelPriceTableError.invalid(path: "\(prefix).\(key)", reason: "must be 0 or more, not \(value)")
            }
            return ModelPrice(promptMicrosPerMillion: entry.prompt, completionMicrosPerMillion: entry.completion)
        }
        let defaultPrice = try checked(file.default, at: "default")
        var models: [String: ModelPrice] = [:]
        for (name, entry) in (file.models ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ModelPriceTableError.invalid(path: "models.\"\(name)\"", reason: "is not a model name")
            }
            models[name] = try checked(entry, at: "models.\(name)")
        }
        return ModelPriceTable(defaultPrice: defaultPrice, models: models)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }

    private struct File: Decodable {
        struct Entry: Decodable {
            var prompt: Int64
            var completion: Int64
            enum CodingKeys: String, CodingKey {
                case prompt = "prompt_micros_per_million"
                case completion = "completion_micros_per_million"
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                prompt = try Self.whole(container, .prompt)
                completion = try Self.whole(container, .completion)
            }

            /// A whole number; 1.5 or 1e30 is a type mismatch at its key (the decoder would call
            /// it corrupt data without saying where).
            static func whole(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int64 {
                if let value = try? container.decode(Int64.self, forKey: key) { return value }
                _ = try container.decode(Double.self, forKey: key)
                throw DecodingError.typeMismatch(
                    Int64.self, DecodingError.Context(codingPath: container.codingPath + [key], debugDescription: "not a whole number"))
            }
        }
        var `default`: Entry
        var models: [String: Entry]?
    }
}

public enum ModelPriceTableError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "model prices: cannot read \(path): \(reason)"
        case .invalid(let path, let reason): "model prices: \(path.isEmpty ? "the file" : path) \(reason)"
        }
    }
}
