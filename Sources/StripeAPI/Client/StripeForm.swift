/// A request body as Stripe's SDKs build it: nested objects as `a[b]`, arrays always indexed as
/// `a[0][b]`, booleans as `true`/`false`, nil values left out. Encoded as stripe-python does:
/// `urlencode` (spaces as `+`, everything but letters, digits and `_.-~` percent-encoded as UTF-8)
/// with `%5B`/`%5D` then turned back into brackets.
public indirect enum StripeFormValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral
{
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case array([StripeFormValue])
    /// Keys keep their order, as a Python dict does.
    case object([StripeFormField])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

public struct StripeFormField: Sendable, Hashable {
    public var key: String
    public var value: StripeFormValue?

    public init(_ key: String, _ value: StripeFormValue?) {
        self.key = key
        self.value = value
    }
}

public enum StripeForm {
    /// The flattened pairs, in order (what stripe-python's `_api_encode` yields).
    public static func pairs(_ fields: [StripeFormField]) -> [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        for field in fields {
            guard let value = field.value else { continue }
            flatten(field.key, value, into: &out)
        }
        return out
    }

    private static func flatten(_ key: String, _ value: StripeFormValue, into out: inout [(key: String, value: String)]) {
        switch value {
        case .string(let text): out.append((key, text))
        case .integer(let number): out.append((key, String(number)))
        case .bool(let flag): out.append((key, flag ? "true" : "false"))
        case .array(let items):
            for (index, item) in items.enumerated() { flatten("\(key)[\(index)]", item, into: &out) }
        case .object(let fields):
            for field in fields {
                guard let inner = field.value else { continue }
                flatten("\(key)[\(field.key)]", inner, into: &out)
            }
        }
    }

    /// The `application/x-www-form-urlencoded` body.
    public static func encode(_ fields: [StripeFormField]) -> String {
        pairs(fields).map { escape($0.key) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// Python's `quote_plus`, then brackets left literal as stripe-python does.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"), UInt8(ascii: "["), UInt8(ascii: "]"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    /// Decodes a form body back to pairs (the loopback Stripe, tests). Nil if an escape is broken.
    public static func decode(_ body: String) -> [(key: String, value: String)]? {
        var out: [(key: String, value: String)] = []
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = unescape(pieces[0]), let value = unescape(pieces.count > 1 ? pieces[1] : "") else { return nil }
            out.append((key, value))
        }
        return out
    }

    static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
