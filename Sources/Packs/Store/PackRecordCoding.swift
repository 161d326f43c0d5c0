import Foundation
import Storage

/// How every store keeps a list of tags: JSON text, the same in each database. Search indexes
/// them as `tagsText` (space-separated).
public enum PackRecordCoding {
    public static func encodeTags(_ tags: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(tags), as: UTF8.self)) ?? "[]"
    }

    public static func decodeTags(_ text: String, what: String) throws -> [String] {
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptData("\(what): tags: \(error)")
        }
    }

    public static func tagsText(_ tags: [String]) -> String { tags.joined(separator: " ") }

    public static func decode<T: RawRepresentable>(_ type: T.Type, _ raw: T.RawValue, what: String) throws -> T {
        guard let value = T(rawValue: raw) else { throw StoreError.corruptData("\(what): unknown value \(raw)") }
        return value
    }
}
