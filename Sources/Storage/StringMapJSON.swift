import Foundation

/// Writes a `[String: String]` (analytics event properties) as a compact JSON object with sorted
/// keys. Every purchase stores a dozen events; Foundation's `JSONEncoder` spent more time setting
/// up its generic containers than writing these few short strings. Readers decode with
/// `JSONDecoder`. Every store keeps event properties this way.
public enum StringMapJSON {
    public static func encode(_ map: [String: String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(16 + map.count * 24)
        for (i, key) in map.keys.sorted().enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            write(key, to: &out)
            out.append(UInt8(ascii: ":"))
            write(map[key] ?? "", to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads what `encode` wrote; `StoreError.corruptData` for anything else.
    public static func decode(_ text: String) throws -> [String: String] {
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptData("analytics properties: \(error)")
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string: quote, backslash and control characters escaped; other UTF-8 bytes as they are.
    private static func write(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
