import Foundation

/// Thrown by `StrictJSONReader` when the input is not one it reads exactly as `JSONDecoder`
/// would; the caller then decodes the whole payload with `JSONDecoder`.
struct FastPathDecline: Error {}

/// Reads JSON values as the `KeyedDecodingContainer` helpers of `Interaction+Decoding.swift`
/// (and the types' own conformances) read them, from raw bytes: a snowflake is a decimal string
/// or a non-negative integer, an enum its integer, permissions a decimal string or an integer, a
/// timestamp ISO 8601; `null` is nil for the optional readers. Anything else (a wrong type, a
/// number with a fraction where an integer is wanted, a duplicate field, a key with an escape or
/// non-ASCII byte, invalid JSON even in a skipped value) throws `FastPathDecline` instead of
/// guessing.
struct StrictJSONReader {
    var scanner: JSONScanner
    /// How many values went through `JSONDecoder` (`decodedWithJSONDecoder`), for tests to see
    /// what was read natively.
    var jsonDecoderUses = 0

    init(_ bytes: UnsafeRawBufferPointer, at index: Int = 0) {
        scanner = JSONScanner(bytes)
        scanner.index = index
    }

    // MARK: Structure

    /// Reads an object, calling `readField` with the raw bytes of each key, positioned at its value
    /// (which `readField` must consume). Keys with escapes or non-ASCII bytes are declined: a raw
    /// byte comparison then decides which field a key is, as `JSONDecoder`'s `String` keys would.
    mutating func readObject(
        _ readField: (inout StrictJSONReader, UnsafeRawBufferPointer) throws(FastPathDecline) -> Void
    ) throws(FastPathDecline) {
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "{")) else { throw FastPathDecline() }
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "}")) { return }
        while true {
            guard let key = scanner.scanStringBody(), !key.contains(where: { $0 == JSONScanner.backslash || $0 >= 0x80 })
            else { throw FastPathDecline() }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { throw FastPathDecline() }
            scanner.skipWhitespace()
            try readField(&self, key)
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: "}")) { return }
            guard scanner.consume(UInt8(ascii: ",")) else { throw FastPathDecline() }
            scanner.skipWhitespace()
        }
    }

    /// Reads an object whose fields are `Key`'s cases: unknown keys are skipped (strictly), a
    /// field seen twice is declined (`JSONDecoder` keeps the first; not worth mimicking).
    mutating func readObject<Key>(
        _ fields: FieldNameTable<Key>, _ readField: (inout StrictJSONReader, Key) throws(FastPathDecline) -> Void
    ) throws(FastPathDecline) {
        var seen: UInt64 = 0
        try readObject { reader, key throws(FastPathDecline) in
            guard let index = fields.index(of: key) else {
                try reader.skipValue()
                return
            }
            let bit: UInt64 = 1 << UInt64(index)
            guard seen & bit == 0 else { throw FastPathDecline() }
            seen |= bit
            try readField(&reader, fields.keys[index])
        }
    }

    /// Reads an array, calling `readElement` positioned at each element.
    mutating func readArray(_ readElement: (inout StrictJSONReader) throws(FastPathDecline) -> Void) throws(FastPathDecline) {
        guard scanner.consume(UInt8(ascii: "[")) else { throw FastPathDecline() }
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "]")) { return }
        while true {
            try readElement(&self)
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: "]")) { return }
            guard scanner.consume(UInt8(ascii: ",")) else { throw FastPathDecline() }
            scanner.skipWhitespace()
        }
    }

    /// An array whose elements `readElement` reads.
    mutating func array<T>(_ readElement: (inout StrictJSONReader) throws(FastPathDecline) -> T) throws(FastPathDecline) -> [T] {
        var values: [T] = []
        try readArray { reader throws(FastPathDecline) in values.append(try readElement(&reader)) }
        return values
    }

    /// `array`, with null read as nil.
    mutating func optionalArray<T>(_ readElement: (inout StrictJSONReader) throws(FastPathDecline) -> T) throws(FastPathDecline) -> [T]? {
        if readNull() { return nil }
        return try array(readElement)
    }

    /// Only whitespace may follow the top-level value.
    mutating func finish() throws(FastPathDecline) {
        scanner.skipWhitespace()
        guard scanner.index == scanner.bytes.count else { throw FastPathDecline() }
    }

    /// Skips a value, checking it as strictly as a read one.
    mutating func skipValue() throws(FastPathDecline) {
        guard scanner.skipValueStrictly() else { throw FastPathDecline() }
    }

    /// Consumes `null` if it is next.
    mutating func readNull() -> Bool { scanner.consumeLiteral("null") }

    var nextByte: UInt8? { scanner.index < scanner.bytes.count ? scanner.bytes[scanner.index] : nil }

    // MARK: Values

    mutating func string() throws(FastPathDecline) -> String {
        guard nextByte == JSONScanner.quote, let value = scanner.scanStringStrictly() else { throw FastPathDecline() }
        return value
    }

    mutating func optionalString() throws(FastPathDecline) -> String? {
        if readNull() { return nil }
        return try string()
    }

    mutating func bool() throws(FastPathDecline) -> Bool {
        if scanner.consumeLiteral("true") { return true }
        if scanner.consumeLiteral("false") { return false }
        throw FastPathDecline()
    }

    mutating func optionalBool() throws(FastPathDecline) -> Bool? {
        if readNull() { return nil }
        return try bool()
    }

    mutating func int() throws(FastPathDecline) -> Int {
        guard let value = scanner.scanIntegerStrictly() else { throw FastPathDecline() }
        return value
    }

    mutating func optionalInt() throws(FastPathDecline) -> Int? {
        if readNull() { return nil }
        return try int()
    }

    mutating func discordEnum<T: DiscordEnum>(_ type: T.Type = T.self) throws(FastPathDecline) -> T {
        T(rawValue: try int())
    }

    mutating func optionalDiscordEnum<T: DiscordEnum>(_ type: T.Type = T.self) throws(FastPathDecline) -> T? {
        if readNull() { return nil }
        return try discordEnum()
    }

    /// A decimal string of digits only, or a non-negative JSON integer (what both `Snowflake` and
    /// `Permissions` read; `Permissions`' `UInt64(String)` would also take a sign, declined here).
    mutating func unsignedDecimal() throws(FastPathDecline) -> UInt64 {
        if nextByte == JSONScanner.quote {
            guard let body = scanner.scanStringBody() else { throw FastPathDecline() }
            // Digits never need an escape; a string that has one is declined rather than unescaped.
            guard let value = body.withMemoryRebound(to: UInt8.self, { parseSnowflakeDecimal($0) }) else { throw FastPathDecline() }
            return value
        }
        guard let value = scanner.scanIntegerStrictly(), value >= 0 else { throw FastPathDecline() }
        return UInt64(value)
    }

    mutating func snowflake<Kind>(_ kind: Kind.Type = Kind.self) throws(FastPathDecline) -> Snowflake<Kind> {
        Snowflake(try unsignedDecimal())
    }

    mutating func optionalSnowflake<Kind>(_ kind: Kind.Type = Kind.self) throws(FastPathDecline) -> Snowflake<Kind>? {
        if readNull() { return nil }
        return try snowflake()
    }

    /// `[Snowflake]`; elements may not be null.
    mutating func snowflakes<Kind>(_ kind: Kind.Type = Kind.self) throws(FastPathDecline) -> [Snowflake<Kind>] {
        try array { reader throws(FastPathDecline) in try reader.snowflake() }
    }

    mutating func optionalPermissions() throws(FastPathDecline) -> Permissions? {
        if readNull() { return nil }
        return Permissions(rawValue: try unsignedDecimal())
    }

    mutating func optionalTimestamp() throws(FastPathDecline) -> DiscordTimestamp? {
        if readNull() { return nil }
        guard let date = DiscordTimestamp.parse(Array(try string().utf8)) else { throw FastPathDecline() }
        return DiscordTimestamp(date)
    }

    /// `[String]`; elements may not be null.
    mutating func optionalStrings() throws(FastPathDecline) -> [String]? {
        try optionalArray { reader throws(FastPathDecline) in try reader.string() }
    }

    /// A value left to its type's own `Decodable` conformance: its bytes (checked strictly first)
    /// go through `JSONDecoder`, for the rare or large parts not worth reading by hand.
    mutating func decodedWithJSONDecoder<T: Decodable>(_ type: T.Type) throws(FastPathDecline) -> T {
        let start = scanner.index
        try skipValue()
        jsonDecoderUses += 1
        let slice = UnsafeRawBufferPointer(rebasing: scanner.bytes[start..<scanner.index])
        do {
            return try JSONDecoder().decode(T.self, from: Data(slice))
        } catch {
            throw FastPathDecline()
        }
    }

    mutating func optionalDecodedWithJSONDecoder<T: Decodable>(_ type: T.Type) throws(FastPathDecline) -> T? {
        if readNull() { return nil }
        return try decodedWithJSONDecoder(type)
    }
}
