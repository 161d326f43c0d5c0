import Foundation
import Synchronization

/// Discord's OpenAPI description (bundled `discord-openapi.json`), indexed once per process:
/// path templates for routing and request-body schemas for validation.
final class OpenAPIDocument: Sendable {
    struct Template: Sendable {
        var template: String
        var segments: [Substring]
        var operations: [String: JSON]
        /// The names of the `{parameter}` segments, by segment position.
        var parameterNames: [(position: Int, name: String)]
        var rateLimit: RateLimitRule

        init(template: String, operations: [String: JSON]) {
            self.template = template
            self.segments = template.split(separator: "/")
            self.operations = operations
            self.parameterNames = segments.enumerated().compactMap { position, segment in
                PathTemplateIndex.isParameter(segment) ? (position, String(segment.dropFirst().dropLast())) : nil
            }
            self.rateLimit = RateLimitRule(template: template)
        }
    }

    let templates: [Template]
    let schemas: [String: JSON]
    private let index: PathTemplateIndex

    /// Loaded on first use and kept: the file is 1.2 MB.
    static let shared: Result<OpenAPIDocument, SandboxError> = {
        guard let url = Bundle.module.url(forResource: "discord-openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return .failure(.invalidJSON("discord-openapi.json is missing from the bundle")) }
        do {
            return .success(try OpenAPIDocument(json: JSON(parsing: data)))
        } catch {
            return .failure(.invalidJSON("discord-openapi.json: \(error)"))
        }
    }()

    init(json: JSON) throws(SandboxError) {
        guard let paths = json["paths"]?.objectValue else { throw .invalidJSON("no paths in the OpenAPI document") }
        templates = paths.map { template, item in
            var operations: [String: JSON] = [:]
            for (key, value) in item.objectValue ?? [:] where key != "parameters" { operations[key] = value }
            return Template(template: template, operations: operations)
        }
        schemas = json["components"]?["schemas"]?.objectValue ?? [:]
        var index = PathTemplateIndex()
        for (i, template) in templates.enumerated() { index.insert(template.segments, index: i) }
        self.index = index
    }

    /// The path template a concrete path matches; literal segments beat parameters, leftmost first.
    func match(path: String) -> (template: Template, parameters: [String: String])? {
        let segments = PathTemplateIndex.segments(of: path)
        guard let found = index.match(segments) else { return nil }
        let template = templates[found]
        var parameters: [String: String] = [:]
        parameters.reserveCapacity(template.parameterNames.count)
        for (position, name) in template.parameterNames { parameters[name] = String(segments[position]) }
        return (template, parameters)
    }

    /// The request body schema of an operation for a content type (`application/json` or `multipart/form-data`).
    func requestSchema(template: Template, method: String, contentType: String) -> (schema: JSON, required: Bool)? {
        guard let operation = template.operations[method.lowercased()], let body = operation["requestBody"] else { return nil }
        let content = body["content"]
        guard let schema = content?[contentType]?["schema"] ?? content?["application/json"]?["schema"] else { return nil }
        return (schema, body["required"]?.boolValue ?? false)
    }
}

/// A JSON Schema validator for the subset Discord's description uses.
///
/// `oneOf` needs exactly one matching branch. `anyOf` (which the spec marks
/// `"x-discord-union": "oneOf"`) is checked as "at least one": several of those unions have
/// branches with no required property and no `additionalProperties: false`
/// (`IncomingWebhookRequestPartial` / `IncomingWebhookUpdateRequestPartial`), so a plain
/// `{"content": "hi"}` matches two branches and "exactly one" would reject valid bodies.
struct SchemaValidator {
    struct Failure: Sendable, Hashable {
        var pointer: String
        var message: String
    }

    let document: OpenAPIDocument
    private(set) var failures: [Failure] = []
    private static let patterns = Mutex<[String: NSRegularExpression]>([:])

    init(document: OpenAPIDocument) { self.document = document }

    static func validate(_ value: JSON, against schema: JSON, document: OpenAPIDocument) -> [Failure] {
        var validator = SchemaValidator(document: document)
        validator.check(value, schema, pointer: "", depth: 0)
        return validator.failures
    }

    private mutating func fail(_ pointer: String, _ message: String) {
        failures.append(Failure(pointer: pointer, message: message))
    }

    private func branchFailures(_ value: JSON, _ schema: JSON, pointer: String, depth: Int) -> [Failure] {
        var nested = SchemaValidator(document: document)
        nested.check(value, schema, pointer: pointer, depth: depth)
        return nested.failures
    }

    mutating func check(_ value: JSON, _ schema: JSON, pointer: String, depth: Int) {
        guard depth < 64 else { return }
        guard let s = schema.objectValue else {
            if schema == .bool(false) { fail(pointer, "no value is allowed here") }
            return
        }
        if let ref = s["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            if let target = document.schemas[name] {
                check(value, target, pointer: pointer, depth: depth + 1)
            } else {
                fail(pointer, "unresolvable $ref \(ref)")
            }
        }
        if let type = s["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !allowed.isEmpty && !allowed.contains(where: { Self.value(value, hasType: $0) }) {
                fail(pointer, "expected \(allowed.joined(separator: " or ")), got \(value.schemaTypeName)")
                return
            }
        }
        if let options = s["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            fail(pointer, "value \(value.serialized.prefix(80)) is not one of \(JSON.array(options).serialized.prefix(200))")
        }
        if let constant = s["const"], !Self.equal(constant, value) {
            fail(pointer, "expected \(constant.serialized), got \(value.serialized.prefix(80))")
        }
        switch value {
        case .string(let string):
            let length = string.unicodeScalars.count
            if let min = s["minLength"]?.intValue, length < min { fail(pointer, "string shorter than \(min) characters") }
            if let max = s["maxLength"]?.intValue, length > max {
                fail(pointer, "string of \(length) characters is longer than \(max)")
            }
            if let pattern = s["pattern"]?.stringValue, let regex = Self.regex(pattern),
                regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil
            {
                fail(pointer, "string does not match \(pattern)")
            }
        case .int, .double:
            if let number = value.doubleValue {
                if let min = s["minimum"]?.doubleValue, number < min { fail(pointer, "\(value.serialized) is below the minimum \(min)") }
                if let max = s["maximum"]?.doubleValue, number > max { fail(pointer, "\(value.serialized) is above the maximum \(max)") }
            }
        case .array(let items):
            if let min = s["minItems"]?.intValue, items.count < min { fail(pointer, "array has fewer than \(min) items") }
            if let max = s["maxItems"]?.intValue, items.count > max { fail(pointer, "array of \(items.count) items has more than \(max)") }
            if s["uniqueItems"]?.boolValue == true, Set(items.map(\.serialized)).count != items.count {
                fail(pointer, "array items are not unique")
            }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { check(item, itemSchema, pointer: "\(pointer)/\(i)", depth: depth + 1) }
            }
        case .object(let object):
            let properties = s["properties"]?.objectValue ?? [:]
            for key in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                fail("\(pointer)/\(key)", "required property is missing")
            }
            if let max = s["maxProperties"]?.intValue, object.count > max { fail(pointer, "object has more than \(max) properties") }
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                let memberPointer = "\(pointer)/\(Self.escape(key))"
                if let propertySchema = properties[key] {
                    check(member, propertySchema, pointer: memberPointer, depth: depth + 1)
                } else if let additional = s["additionalProperties"] {
                    if additional == .bool(false) {
                        fail(memberPointer, "unknown property")
                    } else if additional.objectValue != nil {
                        check(member, additional, pointer: memberPointer, depth: depth + 1)
                    }
                }
            }
        case .null, .bool:
            break
        }
        if let all = s["allOf"]?.arrayValue {
            for branch in all { check(value, branch, pointer: pointer, depth: depth + 1) }
        }
        if let any = s["anyOf"]?.arrayValue {
            checkUnion(value, any, exactlyOne: false, pointer: pointer, depth: depth)
        }
        if let one = s["oneOf"]?.arrayValue {
            checkUnion(value, one, exactlyOne: true, pointer: pointer, depth: depth)
        }
    }

    private mutating func checkUnion(_ value: JSON, _ branches: [JSON], exactlyOne: Bool, pointer: String, depth: Int) {
        let results = branches.map { branchFailures(value, $0, pointer: pointer, depth: depth + 1) }
        let matching = results.filter(\.isEmpty).count
        if matching == 0 {
            // Report the closest branch's failures, which usually name the real mistake. Discord's
            // unions are discriminated by `type`: a branch whose `type` matched is the closest.
            let discriminator = pointer + "/type"
            // A branch of the wrong JSON type (`{"type": "null"}` for an object) is the farthest.
            let rank: ([Failure]) -> (Int, Int, Int) = { failures in
                (
                    failures.contains { $0.pointer == pointer && $0.message.hasPrefix("expected ") } ? 1 : 0,
                    failures.contains { $0.pointer == discriminator } ? 1 : 0,
                    failures.count
                )
            }
            let closest = results.min { rank($0) < rank($1) } ?? []
            fail(pointer, "matches none of the \(branches.count) allowed shapes")
            failures.append(contentsOf: closest)
        } else if exactlyOne && matching > 1 {
            fail(pointer, "matches \(matching) of the shapes where exactly one is allowed")
        }
    }

    private static func value(_ value: JSON, hasType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .int), ("number", .int), ("number", .double): true
        case ("integer", .double(let d)): d.rounded() == d
        default: false
        }
    }

    private static func equal(_ a: JSON, _ b: JSON) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    private static func escape(_ key: String) -> String {
        // Nearly no key needs escaping; Foundation's replacing was 13% of a gacha end-to-end run.
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func regex(_ pattern: String) -> NSRegularExpression? {
        patterns.withLock { cache in
            if let cached = cache[pattern] { return cached }
            let compiled = try? NSRegularExpression(pattern: pattern)
            cache[pattern] = compiled
            return compiled
        }
    }
}
