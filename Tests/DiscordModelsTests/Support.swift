import Foundation
import Testing

@testable import DiscordModels

enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    /// The `d` of a fixture that is a whole gateway payload, found by the pre-scan.
    static func dispatch(_ name: String) throws -> (header: GatewayFrameHeader, d: Data) {
        let payload = try bytes(name)
        let header = try #require(GatewayFrameHeader.scan(payload))
        let d = try #require(header.data(in: payload))
        return (header, Data(d))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(bytes(name)))
    }
}

/// Parses JSON into Foundation objects so two encodings compare regardless of key order.
func jsonObject(_ data: Data) throws -> NSObject {
    try #require(JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject)
}

func jsonObject(_ string: String) throws -> NSObject { try jsonObject(Data(string.utf8)) }

func encodeJSON(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(value)
}

func expectJSON(_ value: some Encodable, equals expected: String, sourceLocation: SourceLocation = #_sourceLocation)
    throws
{
    let encoded = try encodeJSON(value)
    let actual = try jsonObject(encoded)
    let wanted = try jsonObject(expected)
    let text = String(decoding: encoded, as: UTF8.self)
    #expect(actual == wanted, "\(text)", sourceLocation: sourceLocation)
}

/// SplitMix64: a tiny seeded generator, so fuzz runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One fuzzing mutation of `bytes`: replace, remove or insert a byte from `alphabet`, or cut the
/// tail, at a random position.
func mutate(_ bytes: inout [UInt8], alphabet: [UInt8], random: inout SplitMix64) {
    let at = Int(random.next() % UInt64(bytes.count))
    switch random.next() % 4 {
    case 0: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
    case 1: bytes.remove(at: at)
    case 2: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
    default: bytes = Array(bytes[..<at])
    }
}
