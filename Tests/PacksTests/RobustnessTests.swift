import Foundation
import Packs
import Testing

/// Hostile input never traps and never escapes as anything but a `PackImportError`; neutralised
/// text keeps its guarantees whatever it is made of. Inputs come from a fixed seed.
@Suite struct RobustnessTests {
    /// SplitMix64: a fixed, portable sequence for reproducible mutations.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static let seeds: [Data] = [
        TestImage.pngCard(json: TestCard.json(gachabot: #"{"rarity": "rare", "id": "nova"}"#)),
        TestImage.jpeg(width: 64, height: 48),
        TestImage.webpLossy(width: 30, height: 20),
        TestImage.webpLossless(width: 30, height: 20),
        TestImage.webpExtended(width: 30, height: 20),
        TestImage.gif(width: 30, height: 20),
    ]

    @Test func mutatedFilesAreRefusedOrAcceptedButNeverTrap() {
        var random = Generator(state: 14)
        let importer = PackImporter()
        for round in 0..<3_000 {
            var data = Self.seeds[round % Self.seeds.count]
            for _ in 0...random.below(3) {
                guard !data.isEmpty else { break }
                switch random.below(4) {
                case 0: data[random.below(data.count)] = UInt8(truncatingIfNeeded: random.next())
                case 1: data = data.prefix(random.below(data.count))
                case 2: data.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(data.count))
                default: data[random.below(data.count)] ^= 0xFF
                }
            }
            if let error = importError({ try importer.validateImage(data, file: "f") }) {
                #expect(error.description.hasPrefix("f"))
            }
            _ = importError { try importer.importCard(data, file: "f") }
        }
    }

    @Test func mutatedPackFilesAreRefusedOrAcceptedButNeverTrap() {
        var random = Generator(state: 7)
        let importer = PackImporter()
        let manifest = PackFileTests.starlight
        for _ in 0..<500 {
            var data = manifest
            for _ in 0...random.below(4) {
                let index = random.below(data.count)
                let alphabet = Array("{}[]\",:0a\\ ".utf8)
                data[index] = alphabet[random.below(alphabet.count)]
            }
            _ = importError { try importer.importPack(manifest: data, file: "p.json", files: PackFileTests.files) }
        }
    }

    @Test func neutralisedTextKeepsItsGuaranteesAndIsStable() {
        let pieces = [
            "[", "]", "(", ")", "<", ">", "@", "&", "!", "#", "/", ":", "1", "23", "everyone", "here", "EveryOne",
            "https://x.example", " ", "\n", "\r", "\t", "\u{200B}", "\u{200D}", "\u{202E}", "\u{2066}", "\u{FEFF}",
            "\u{0}", "\u{85}", "a", "é", "🇫🇷", "<@&", "<@!", "<#", "](", "＠",
        ]
        var random = Generator(state: 2_026)
        for _ in 0..<5_000 {
            let raw = (0..<random.below(24)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let limit = random.below(40)
            let shown = SafeText(raw, limit: limit).text
            #expect(shown.unicodeScalars.count <= limit, "\(raw.debugDescription)")
            #expect(!shown.contains("]("), "\(raw.debugDescription) → \(shown.debugDescription)")
            #expect(!shown.lowercased().contains("@everyone") && !shown.lowercased().contains("@here"))
            #expect(!Self.hasMention(shown), "\(raw.debugDescription) → \(shown.debugDescription)")
            #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
            #expect(!shown.unicodeScalars.contains { [0x200B, 0x200D, 0x202E, 0x2066, 0xFEFF].contains($0.value) })
            let full = SafeText(raw).text
            #expect(SafeText(full).text == full, "not stable: \(raw.debugDescription)")
        }
    }

    /// `<@digits>`, `<@!digits>`, `<@&digits>` or `<#digits>` anywhere.
    static func hasMention(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for start in scalars.indices where scalars[start] == "<" {
            var index = start + 1
            guard index < scalars.count, scalars[index] == "@" || scalars[index] == "#" else { continue }
            index += 1
            if index < scalars.count, scalars[index] == "&" || scalars[index] == "!" { index += 1 }
            let digits = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            if index > digits, index < scalars.count, scalars[index] == ">" { return true }
        }
        return false
    }
}
