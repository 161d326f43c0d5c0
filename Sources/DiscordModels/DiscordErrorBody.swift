/// Discord's JSON error body: `{code, message, errors}` where `errors` nests field errors by path
/// (`{"data":{"components":{"0":{"custom_id":{"_errors":[{"code":…,"message":…}]}}}}}`).
/// https://discord.com/developers/docs/reference#error-messages
public struct DiscordErrorBody: Sendable, Hashable, Codable {
    public struct FieldError: Sendable, Hashable {
        /// Dotted path, e.g. `data.components.0.custom_id`.
        public var path: String
        public var code: String
        public var message: String

        public init(path: String, code: String, message: String) {
            self.path = path
            self.code = code
            self.message = message
        }
    }

    public var code: Int
    public var message: String
    public var errors: JSONValue?

    public init(code: Int, message: String, errors: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.errors = errors
    }

    /// Every field error, in path order.
    public var fieldErrors: [FieldError] {
        var result: [FieldError] = []
        if let errors { Self.collect(errors, path: [], into: &result) }
        return result.sorted { $0.path < $1.path }
    }

    /// `["data.components.0.custom_id": ["BASE_TYPE_REQUIRED: This field is required"]]`.
    public func flattenedErrors() -> [String: [String]] {
        var result: [String: [String]] = [:]
        for error in fieldErrors { result[error.path, default: []].append("\(error.code): \(error.message)") }
        return result
    }

    private static func collect(_ value: JSONValue, path: [String], into result: inout [FieldError]) {
        guard case .object(let object) = value else { return }
        for (key, child) in object {
            if key == "_errors", case .array(let list) = child {
                let joined = path.joined(separator: ".")
                for item in list {
                    result.append(
                        FieldError(
                            path: joined, code: item["code"]?.stringValue ?? "UNKNOWN",
                            message: item["message"]?.stringValue ?? ""))
                }
            } else {
                collect(child, path: path + [key], into: &result)
            }
        }
    }
}
