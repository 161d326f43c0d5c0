/// Strict reading, for decoders whose result must equal `JSONDecoder`'s (`Interaction.decodeFast`).
///
/// `skipValue` and `scanString` are lenient (brackets counted, not matched; a lone surrogate
/// becomes U+FFFD; invalid UTF-8 is repaired) because whoever decodes the value later validates
/// it. A fast path that returns a value itself cannot lean on that: everything here accepts only
/// RFC 8259 JSON with valid escapes and valid UTF-8, a subset of what Foundation accepts, and
/// returns nil (or false) on anything else so the caller can decline.
extension JSONScanner {
    /// Nesting deeper than this is declined (Foundation's own limit is 512).
    static let strictNestingLimit = 64

    /// Skips one value, checking its grammar, its escapes and its UTF-8 all the way down.
    mutating func skipValueStrictly(depth: Int = 0) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case Self.quote:
            return skipStringStrictly()
        case UInt8(ascii: "{"):
            guard depth < Self.strictNestingLimit else { return false }
            index += 1
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return true }
            while true {
                guard skipStringStrictly() else { return false }
                skipWhitespace()
                guard consume(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
                guard skipValueStrictly(depth: depth + 1) else { return false }
                skipWhitespace()
                if consume(UInt8(ascii: "}")) { return true }
                guard consume(UInt8(ascii: ",")) else { return false }
                skipWhitespace()
            }
        case UInt8(ascii: "["):
            guard depth < Self.strictNestingLimit else { return false }
            index += 1
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return true }
            while true {
                guard skipValueStrictly(depth: depth + 1) else { return false }
                skipWhitespace()
                if consume(UInt8(ascii: "]")) { return true }
                guard consume(UInt8(ascii: ",")) else { return false }
                skipWhitespace()
            }
        case UInt8(ascii: "t"): return consumeLiteral("true")
        case UInt8(ascii: "f"): return consumeLiteral("false")
        case UInt8(ascii: "n"): return consumeLiteral("null")
        default: return scanNumberStrictly() != nil
        }
    }

    /// Skips a string at `index`, checking its escapes and UTF-8 without building it when it is
    /// plain ASCII.
    mutating func skipStringStrictly() -> Bool {
        guard let body = scanStringBody() else { return false }
        if body.contains(where: { $0 == Self.backslash || $0 >= 0x80 }) {
            return Self.decodeStringBodyStrictly(body) != nil
        }
        return true
    }

    /// Reads a string at `index`; nil on an invalid escape, a lone surrogate or invalid UTF-8
    /// (all errors for `JSONDecoder` too).
    mutating func scanStringStrictly() -> String? {
        guard let body = scanStringBody() else { return nil }
        return Self.decodeStringBodyStrictly(body)
    }

    /// The raw bytes between the quotes of the string at `index`, which is left after it.
    mutating func scanStringBody() -> UnsafeRawBufferPointer? {
        let start = index + 1
        guard skipString() else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)])
    }

    static func decodeStringBodyStrictly(_ body: UnsafeRawBufferPointer) -> String? {
        guard body.contains(backslash) else { return String(validating: body, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(body.count)
        var i = 0
        while i < body.count {
            let byte = body[i]
            guard byte == backslash else {
                utf8.append(byte)
                i += 1
                continue
            }
            guard i + 1 < body.count else { return nil }
            let escaped = body[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(body, at: i) else { return nil }
                i += 4
                var code = unit
                switch unit {
                case 0xD800..<0xDC00:
                    // A high surrogate must be followed by an escaped low one.
                    guard i + 6 <= body.count, body[i] == backslash, body[i + 1] == UInt8(ascii: "u"),
                        let low = hex4(body, at: i + 2), (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                case 0xDC00..<0xE000:
                    return nil
                default:
                    break
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                UTF8.encode(scalar) { utf8.append($0) }
            default:
                return nil
            }
        }
        // Validates the raw (unescaped) bytes too.
        return String(validating: utf8, as: UTF8.self)
    }

    private static func hex4(_ body: UnsafeRawBufferPointer, at start: Int) -> UInt32? {
        guard start + 4 <= body.count else { return nil }
        var value: UInt32 = 0
        for byte in body[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A number token as RFC 8259 spells it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    struct NumberToken {
        var range: Range<Int>
        /// No fraction and no exponent.
        var isInteger: Bool
    }

    /// Scans a number token (what follows it is the caller's to check: a digit cannot, since a
    /// leading zero ends the integer part).
    mutating func scanNumberStrictly() -> NumberToken? {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - from
        }
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // A leading zero stands alone.
        } else {
            guard digits() > 0 else {
                index = start
                return nil
            }
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard digits() > 0 else {
                index = start
                return nil
            }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else {
                index = start
                return nil
            }
        }
        if index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            index = start
            return nil  // "01"
        }
        return NumberToken(range: start..<index, isInteger: isInteger)
    }

    /// The value of an integer token, or nil if it overflows `Int64`. Accumulated with the sign so
    /// `Int64.min` fits.
    func integerValue(of token: NumberToken) -> Int64? {
        guard token.isInteger else { return nil }
        var i = token.range.lowerBound
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value: Int64 = 0
        while i < token.range.upperBound {
            let digit = Int64(bytes[i] - 0x30)
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// A JSON integer (no fraction or exponent: `JSONDecoder` would accept `1.0` as an `Int`, the
    /// strict path declines it) that fits in `Int`.
    mutating func scanIntegerStrictly() -> Int? {
        let start = index
        guard let token = scanNumberStrictly(), let value = integerValue(of: token), let int = Int(exactly: value) else {
            index = start
            return nil
        }
        return int
    }
}
