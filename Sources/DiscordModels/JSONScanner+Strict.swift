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
            return Self.unescape(body, invalidUnicode: .reject) != nil
        }
        return true
    }

    /// Reads a string at `index`; nil on an invalid escape, a lone surrogate or invalid UTF-8
    /// (all errors for `JSONDecoder` too).
    mutating func scanStringStrictly() -> String? {
        guard let body = scanStringBody() else { return nil }
        return Self.unescape(body, invalidUnicode: .reject)
    }

    /// The raw bytes between the quotes of the string at `index`, which is left after it.
    mutating func scanStringBody() -> UnsafeRawBufferPointer? {
        let start = index + 1
        guard skipString() else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<(index - 1)])
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
