import Foundation

/// Decodes a JSON file into a wire type, turning the decoder's errors into `PackImportError`s
/// that name the file and the JSON path (`characters[3].data.tags`), never the text itself.
enum JSONDocument {
    static func decode<Wire: Decodable>(_ type: Wire.Type, from data: Data, file: String) throws(PackImportError) -> Wire {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw importError(error, file: file)
        } catch {
            throw PackImportError(file: file, .notJSON)
        }
    }

    static func importError(_ error: DecodingError, file: String) -> PackImportError {
        switch error {
        case .typeMismatch(let type, let context):
            return PackImportError(file: file, path: path(context.codingPath), .wrongType(expected: expectedName(type)))
        case .valueNotFound(let type, let context):
            return PackImportError(file: file, path: path(context.codingPath), .wrongType(expected: expectedName(type)))
        case .keyNotFound(let key, let context):
            return PackImportError(file: file, path: path(context.codingPath + [key]), .missing)
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return PackImportError(file: file, .notJSON) }
            return PackImportError(file: file, path: path(context.codingPath), .wrongType(expected: "a valid value"))
        @unknown default:
            return PackImportError(file: file, .notJSON)
        }
    }

    /// `characters`, index 3, `data`, `name` → `characters[3].data.name`.
    static func path(_ codingPath: [any CodingKey]) -> String? {
        guard !codingPath.isEmpty else { return nil }
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }

    private static func expectedName(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Int.self || type == Int64.self { return "an integer" }
        if type == Double.self { return "a number" }
        if type == Bool.self { return "true or false" }
        // The decoder names a container it expected as `Array<…>` or `Dictionary<…>`.
        return String(describing: type).hasPrefix("Array") ? "a list" : "an object"
    }
}
