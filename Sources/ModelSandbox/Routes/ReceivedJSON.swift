import Foundation

/// A JSON document as received, kept exact enough to validate: booleans stay booleans and
/// whole numbers stay apart from fractions (Foundation's `JSONSerialization` blurs both).
indirect enum ReceivedJSON: Sendable, Decodable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null
    case array([ReceivedJSON])
    case object([String: ReceivedJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ReceivedJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ReceivedJSON].self))
        }
    }

    static func parse(_ data: Data) -> ReceivedJSON? { try? JSONDecoder().decode(ReceivedJSON.self, from: data) }

    subscript(key: String) -> ReceivedJSON? {
        guard case .object(let fields) = self, let value = fields[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value) where value == value.rounded() && abs(value) < 1e15: Int64(value)
        default: nil
        }
    }
    var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
    var array: [ReceivedJSON]? { if case .array(let value) = self { value } else { nil } }
    var isObject: Bool { if case .object = self { true } else { false } }

    /// A short rendering for error messages.
    var summary: String {
        switch self {
        case .string(let value): "\"\(value.prefix(40))\""
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .bool(let value): "\(value)"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
