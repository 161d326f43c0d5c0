/// Compact JSON text written straight into bytes, for the payloads the sandbox sends at a
/// benchmark's rate (INTERACTION_CREATE): no `JSON` tree, no dictionaries, no key sorting.
/// The caller writes keys in the order `JSON.serialized` would (sorted by UTF-8 bytes), so the text
/// is byte for byte what the tree would have given.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next key or array element needs a comma before it.
    private var needsComma = false

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"name":`; the value written next belongs to it.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        JSON.writeString(value, to: &bytes)
        needsComma = true
    }

    /// A snowflake or other number written as a JSON string (`"1234"`), as Discord sends ids.
    mutating func quoted(_ value: UInt64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        writeDigits(value)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func int(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        writeDigits(value.magnitude)
        needsComma = true
    }

    mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }
    mutating func null() { literal("null") }

    /// Text that is already JSON (`[]`, `"en-US"`, `0`).
    mutating func literal(_ json: StaticString) {
        separate()
        json.withUTF8Buffer { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// A value from a tree, as `JSON.serialized` writes it.
    mutating func value(_ json: JSON) {
        separate()
        json.write(to: &bytes)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// Decimal digits without the `String` that `String(value)` allocates for 16+ digit snowflakes.
    private mutating func writeDigits(_ value: UInt64) {
        guard value > 0 else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        let start = bytes.count
        var rest = value
        while rest > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        bytes[start...].reverse()
    }
}
