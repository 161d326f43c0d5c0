/// Checks a decoded form against a `StripeParameter` tree and answers as Stripe does: the first
/// unknown name (`parameter_unknown`), a missing required one (`parameter_missing`) or a value
/// outside an enum (`parameter_invalid_string`, "Invalid <name>: must be one of …").
public enum StripeParameterValidator {
    public struct Problem: Sendable, Hashable, Error {
        public var code: String
        public var parameter: String
        public var message: String
    }

    /// Splits `a[b][0][c]` into `["a", "b", "0", "c"]`; nil if the brackets do not pair.
    static func segments(_ key: String) -> [String]? {
        guard let open = key.firstIndex(of: "[") else { return key.isEmpty ? nil : [key] }
        var out = [String(key[..<open])]
        var rest = key[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
            out.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out.first?.isEmpty == false ? out : nil
    }

    public static func validate(_ pairs: [(key: String, value: String)], against spec: StripeParameter) -> Problem? {
        var present: [[String]] = []
        for pair in pairs {
            guard let path = segments(pair.key) else {
                return Problem(code: "parameter_unknown", parameter: pair.key, message: "Invalid parameter name: \(pair.key)")
            }
            if let problem = check(path[...], value: pair.value, spec: spec, name: pair.key) { return problem }
            present.append(path)
        }
        return missing(spec, prefix: [], present: present)
    }

    private static func check(_ path: ArraySlice<String>, value: String, spec: StripeParameter, name: String) -> Problem? {
        switch spec {
        case .anything:
            return nil
        case .value(let allowed):
            guard path.isEmpty else { return unknown(name) }
            if let allowed, !allowed.contains(value) {
                return Problem(
                    code: "parameter_invalid_string", parameter: name,
                    message: "Invalid \(name): must be one of \(allowed.joined(separator: ", "))")
            }
            return nil
        case .metadata:
            guard path.count == 1, let key = path.first, !key.isEmpty else { return unknown(name) }
            guard key.count <= 40 else {
                return Problem(code: "parameter_invalid_string", parameter: name, message: "Metadata keys must be at most 40 characters")
            }
            guard value.count <= 500 else {
                return Problem(code: "parameter_invalid_string", parameter: name, message: "Metadata values must be at most 500 characters")
            }
            return nil
        case .array(let element):
            guard let index = path.first, Int(index) != nil else { return unknown(name) }
            return check(path.dropFirst(), value: value, spec: element, name: name)
        case .object(let fields, _):
            guard let key = path.first, let field = fields[key] else { return unknown(name) }
            return check(path.dropFirst(), value: value, spec: field, name: name)
        }
    }

    private static func missing(_ spec: StripeParameter, prefix: [String], present: [[String]]) -> Problem? {
        guard case .object(let fields, let required) = spec else { return nil }
        let here = present.filter { $0.count > prefix.count && Array($0.prefix(prefix.count)) == prefix }
        // A nested object's required keys matter only when the object is sent at all.
        if !prefix.isEmpty && here.isEmpty { return nil }
        for key in required.sorted() where !here.contains(where: { $0[prefix.count] == key }) {
            let name = (prefix + [key]).enumerated().map { $0.offset == 0 ? $0.element : "[\($0.element)]" }.joined()
            return Problem(code: "parameter_missing", parameter: name, message: "Missing required param: \(name).")
        }
        for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
            if let problem = missing(field, prefix: prefix + [key], present: present) { return problem }
        }
        return nil
    }

    private static func unknown(_ name: String) -> Problem {
        Problem(code: "parameter_unknown", parameter: name, message: "Received unknown parameter: \(name)")
    }
}
