import Foundation

/// A parsed JSON value with typed, path-naming accessors: each failure says which field of which
/// event is missing or wrong, so a bad event gets a precise 400.
public enum StripeJSON: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double, integer: Int64?)
    case string(String)
    case array([StripeJSON])
    case object([String: StripeJSON])

    /// Parses a whole body. Stripe's integers (amounts, seconds) fit in 64 bits and are kept exact.
    public static func parse(_ data: Data) throws -> StripeJSON {
        guard let root = try? StripeJSONParser.parse(data), root.object != nil else { throw StripeEventError.notJSON }
        return root
    }

    public subscript(key: String) -> StripeJSON {
        if case .object(let fields) = self { return fields[key] ?? .null }
        return .null
    }

    public var isNull: Bool { self == .null }
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int64: Int64? { if case .number(_, let i) = self { return i } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [StripeJSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var object: [String: StripeJSON]? { if case .object(let o) = self { return o } else { return nil } }
}

/// A JSON object read for one event: knows the event id and the path so far, for errors.
struct StripeFields: Sendable {
    let json: StripeJSON
    let event: String?
    let path: String

    func child(_ key: String) -> StripeFields {
        StripeFields(json: json[key], event: event, path: path.isEmpty ? key : "\(path).\(key)")
    }

    private func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func object(_ key: String) throws -> StripeFields {
        let value = json[key]
        guard !value.isNull else { throw StripeEventError.missingField(event: event, path: fieldPath(key)) }
        guard value.object != nil else { throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "an object") }
        return child(key)
    }

    func string(_ key: String) throws -> String {
        let value = json[key]
        guard !value.isNull else { throw StripeEventError.missingField(event: event, path: fieldPath(key)) }
        guard let string = value.string, !string.isEmpty else {
            throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "a non-empty string")
        }
        return string
    }

    func optionalString(_ key: String) throws -> String? {
        let value = json[key]
        if value.isNull { return nil }
        guard let string = value.string else { throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "a string") }
        return string.isEmpty ? nil : string
    }

    /// A string id, or an expanded object's `id` (Stripe expands references on request).
    func optionalID(_ key: String) throws -> String? {
        let value = json[key]
        if value.isNull { return nil }
        if let string = value.string { return string.isEmpty ? nil : string }
        if value.object != nil { return try child(key).optionalString("id") }
        throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "an id or an object with an id")
    }

    func int(_ key: String) throws -> Int64 {
        let value = json[key]
        guard !value.isNull else { throw StripeEventError.missingField(event: event, path: fieldPath(key)) }
        guard let integer = value.int64 else { throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "an integer") }
        return integer
    }

    func optionalInt(_ key: String) throws -> Int64? {
        let value = json[key]
        if value.isNull { return nil }
        guard let integer = value.int64 else { throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "an integer") }
        return integer
    }

    func optionalBool(_ key: String) throws -> Bool? {
        let value = json[key]
        if value.isNull { return nil }
        guard let bool = value.bool else { throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "a boolean") }
        return bool
    }

    /// The elements of an array field (absent or null: none).
    func list(_ key: String) throws -> [StripeFields] {
        let value = json[key]
        if value.isNull { return [] }
        guard let elements = value.array else { throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "an array") }
        return elements.enumerated().map { StripeFields(json: $0.element, event: event, path: "\(fieldPath(key))[\($0.offset)]") }
    }

    /// A metadata map: string values only (Stripe's rule); absent or null is empty.
    func metadata(_ key: String = "metadata") throws -> [String: String] {
        let value = json[key]
        if value.isNull { return [:] }
        guard let fields = value.object else { throw StripeEventError.invalidField(event: event, path: fieldPath(key), expected: "an object") }
        var out: [String: String] = [:]
        for (name, field) in fields {
            if let string = field.string { out[name] = string }
        }
        return out
    }
}

/// Foundation's reading of the same value: the reference `StripeJSONParser` is tested against
/// (webhook bodies go through the parser).
extension StripeJSON: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(Double(integer), integer: integer)
        } else if let double = try? container.decode(Double.self) {
            self = .number(double, integer: nil)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([StripeJSON].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: StripeJSON].self))
        }
    }
}
