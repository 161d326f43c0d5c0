import Foundation

/// The names of a coding-key enum's cases as bytes, to tell which field a raw JSON key names
/// without building a `String` (the keys' own enums stay the one list of a type's fields).
struct FieldNameTable<Key: CodingKey & CaseIterable & Sendable>: Sendable {
    let keys: [Key]
    private let names: [[UInt8]]

    init() {
        keys = Array(Key.allCases)
        names = keys.map { Array($0.stringValue.utf8) }
        precondition(keys.count <= 64, "a field is one bit of a UInt64")
    }

    /// The position in `keys` of the field `key` spells (raw bytes, no escapes), nil for any other key.
    func index(of key: UnsafeRawBufferPointer) -> Int? {
        guard let base = key.baseAddress else { return nil }
        for (index, name) in names.enumerated() where name.count == key.count && name[0] == key[0] {
            if memcmp(name, base, name.count) == 0 { return index }
        }
        return nil
    }
}
