import Clocks
import Foundation
import Premium
import Testing

/// `StripeJSON.parse` reads webhook bodies byte by byte. It must agree with Foundation's
/// `JSONDecoder` (the reference: `StripeJSON`'s `Decodable` conformance) on every valid document,
/// and refuse what RFC 8259 refuses.
@Suite("Stripe JSON parser")
struct StripeJSONParserTests {
    static func reference(_ text: String) throws -> StripeJSON {
        try JSONDecoder().decode(StripeJSON.self, from: Data(text.utf8))
    }

    static func parsed(_ text: String) throws -> StripeJSON { try StripeJSON.parse(Data(text.utf8)) }

    @Test func aStripeEventParsesAsFoundationDecodesIt() throws {
        let event = #"""
            {"id":"evt_1","object":"event","api_version":"2025-03-31.basil","created":1735689600,
             "data":{"object":{"id":"in_1","amount_paid":499,"total_excluding_tax":-12,"tax_percent":19.5,
             "lines":{"data":[{"id":"il_1","period":{"end":1738368000,"start":1735689600}}],"has_more":false},
             "description":null,"metadata":{"note":"caf\u00e9 \ud83c\udf89 \"quoted\" \\ \/ \b\f\n\r\t","emoji":"🎉"}}},
             "livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"invoice.paid"}
            """#
        let value = try Self.parsed(event)
        #expect(value == (try Self.reference(event)))
        #expect(value["created"].int64 == 1_735_689_600)
        #expect(value["data"]["object"]["total_excluding_tax"].int64 == -12)
        #expect(value["data"]["object"]["tax_percent"] == .number(19.5, integer: nil))
        #expect(value["data"]["object"]["metadata"]["note"].string == "café 🎉 \"quoted\" \\ / \u{8}\u{c}\n\r\t")
        #expect(value["data"]["object"]["lines"]["data"].array?.first?["period"]["end"].int64 == 1_738_368_000)
    }

    /// Seeded random documents, written with random whitespace and escapes, read back equal to
    /// what was written and to what `JSONDecoder` reads.
    @Test func randomDocumentsRoundTripAndMatchTheReference() throws {
        var random = SeededRandom(seed: 20_261_203)
        for _ in 0..<400 {
            let value = StripeJSON.object(Self.randomObject(depth: 0, &random))
            let text = Self.write(value, &random)
            let parsed = try Self.parsed(text)
            #expect(parsed == value, "\(text)")
            #expect(parsed == (try Self.reference(text)), "\(text)")
        }
    }

    @Test(arguments: [
        "", " ", "{", "}", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":1} x", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":tru}", "{\"a\":nul}",
        "{\"a\":\"\u{1}\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud83c\"}", "{\"a\":\"\\udf89\"}", "{\"a\":\"\\u12\"}",
        "{\"a\":\"open}", "{\"a\":NaN}", "{\"a\":1e999}", "[1]", "\"text\"", "12",
    ])
    func malformedOrNonObjectBodiesAreRefused(_ text: String) {
        #expect(throws: StripeEventError.notJSON) { try Self.parsed(text) }
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array("{\"a\":\"".utf8)
        bytes.append(0xC3)
        bytes.append(contentsOf: Array("\"}".utf8))
        #expect(throws: StripeEventError.notJSON) { try StripeJSON.parse(Data(bytes)) }
    }

    @Test func nestingIsCappedSoAHostileBodyCannotExhaustTheStack() throws {
        func nested(_ depth: Int) -> String { "{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}" }
        _ = try Self.parsed(nested(64))
        #expect(throws: StripeEventError.notJSON) { try Self.parsed(nested(65)) }
        #expect(throws: StripeEventError.notJSON) { try Self.parsed(nested(100_000)) }
    }

    @Test func integersBeyondSixtyFourBitsBecomeDoubles() throws {
        let value = try Self.parsed(#"{"big":9223372036854775808,"max":9223372036854775807,"min":-9223372036854775808}"#)
        #expect(value["big"].int64 == nil)
        #expect(value["big"] == .number(9_223_372_036_854_775_808, integer: nil))
        #expect(value["max"].int64 == .max)
        #expect(value["min"].int64 == .min)
    }

    // MARK: - Random documents

    static let alphabet: [String] = ["a", "Z", "0", " ", "é", "🎉", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{7f}", "ü", "中", "_"]

    static func randomString(_ random: inout SeededRandom) -> String {
        (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
    }

    static func randomObject(depth: Int, _ random: inout SeededRandom) -> [String: StripeJSON] {
        var fields: [String: StripeJSON] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &random) { fields[randomString(&random)] = randomValue(depth: depth + 1, &random) }
        return fields
    }

    static func randomValue(depth: Int, _ random: inout SeededRandom) -> StripeJSON {
        switch Int.random(in: 0...(depth < 4 ? 7 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2:
            let integer = Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...62, using: &random)
            return .number(Double(integer), integer: integer)
        case 3:
            // A value with a fraction that prints and reads back exactly.
            let double = Double(Int.random(in: -1_000_000...1_000_000, using: &random)) + 0.25
            return .number(double, integer: nil)
        case 4, 5: return .string(randomString(&random))
        case 6: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(depth: depth + 1, &random) })
        default: return .object(randomObject(depth: depth, &random))
        }
    }

    static func space(_ random: inout SeededRandom) -> String {
        ["", "", " ", "\n", "\t ", "\r\n"].randomElement(using: &random)!
    }

    static func write(_ value: StripeJSON, _ random: inout SeededRandom) -> String {
        switch value {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .number(let double, let integer): return integer.map(String.init) ?? "\(double)"
        case .string(let string): return writeString(string, &random)
        case .array(let elements):
            return "[" + elements.map { space(&random) + write($0, &random) + space(&random) }.joined(separator: ",") + "]"
        case .object(let fields):
            let members = fields.map { key, field in
                space(&random) + writeString(key, &random) + space(&random) + ":" + space(&random) + write(field, &random) + space(&random)
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// Escapes what must be escaped, and sometimes what need not be (`\u` forms, surrogate pairs).
    static func writeString(_ string: String, _ random: inout SeededRandom) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            let forceEscape = Int.random(in: 0..<4, using: &random) == 0
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += forceEscape ? "\\u000A" : "\\n"
            case "\t": out += "\\t"
            case "/": out += forceEscape ? "\\/" : "/"
            default:
                if scalar.value < 0x20 || forceEscape {
                    if scalar.value > 0xFFFF {
                        let offset = scalar.value - 0x10000
                        out += String(format: "\\u%04X\\u%04x", 0xD800 + (offset >> 10), 0xDC00 + (offset & 0x3FF))
                    } else {
                        out += String(format: "\\u%04x", scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
